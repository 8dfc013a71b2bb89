using System.Text.Json;
using EdgeCam.Agent;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Demo;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary>One in-process run of <c>edgecam-agent demo</c>, with what it printed and wrote.</summary>
internal sealed record DemoRun(int ExitCode, string Output, string Error, string DataDirectory)
{
    public static async Task<DemoRun> StartAsync(string dataDirectory, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["demo", "--data", dataDirectory, .. arguments];

        var exitCode = await AgentEntry.RunAsync(args, output, error, CancellationToken.None);

        return new DemoRun(exitCode, output.ToString(), error.ToString(), dataDirectory);
    }

    public DemoSummary Summary()
    {
        var path = Path.Combine(DataDirectory, "summary.json");
        Assert.True(File.Exists(path), $"the demo wrote no summary.json (exit {ExitCode}). Output:\n{Output}\nErrors:\n{Error}");
        return JsonSerializer.Deserialize(File.ReadAllBytes(path), DemoJsonContext.Default.DemoSummary)!;
    }

    public string Describe() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- errors ---\n{Error}";
}

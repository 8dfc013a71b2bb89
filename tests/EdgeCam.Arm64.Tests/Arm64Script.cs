using System.Diagnostics;
using EdgeCam.Testing;

namespace EdgeCam.Arm64.Tests;

/// <summary>One run of <c>tests/arm64/run.sh</c> as a child process, bounded in time, with everything it printed.</summary>
internal sealed record Arm64Script(int ExitCode, string Output)
{
    /// <summary>The published arm64 agent (written by the script's publish step).</summary>
    public static string PublishedAgent => Path.Combine(RequiredTool.RepositoryRoot(), ".edgecam", "arm64", "publish", "agent", "edgecam-agent");

    public static async Task<Arm64Script> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        var root = RequiredTool.RepositoryRoot();
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "tests", "arm64", "run.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"tests/arm64/run.sh {string.Join(' ', arguments)} did not finish within {timeout.TotalMinutes:F0} min. Output:\n{Text(output)}");
        }

        return new Arm64Script(process.ExitCode, Text(output));
    }

    public string Describe() => $"exit {ExitCode}\n--- output ---\n{Output}";

    private static string Text(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

using System.Text.RegularExpressions;
using EdgeCam.Agent.Cli;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary><c>edgecam-agent demo --console</c>: the web console hosted beside the demo's pipeline, up after the summary until stopped.</summary>
[Trait("Category", "Integration")]
public sealed partial class DemoConsoleTests : IDisposable
{
    private readonly TempDirectory _dir = new("e2e-console");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_Console_ServesEventsListingTheDemosEventsUntilStopped()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(20), MotionIntervals = [MotionInterval.FromSeconds(6, 10)] },
            CancellationToken.None);
        var data = _dir.Combine("data");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var printed = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        string[] args = ["demo", "--data", data, "--source", camera.Path, "--fast", "--no-azurite", "--console-port", "0",
            "--template", Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")];
        var demo = AgentEntry.RunAsync(args, printed, TextWriter.Synchronized(error), stop.Token);
        try
        {
            await Eventually.TrueAsync(() => demo.IsCompleted || Printed().Contains("[demo] the web console stays up until Ctrl+C", StringComparison.Ordinal), "the demo printed its summary and keeps the console up", 180_000);
            if (demo.IsCompleted)
            {
                Assert.Fail($"the demo ended before it was stopped (exit {await demo}):\n{Printed()}\n{error}");
            }

            var url = Assert.Single(ConsoleLine().Matches(Printed())).Groups[1].Value;
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            var summary = new DemoRun(-1, Printed(), error.ToString(), data).Summary();
            Assert.Single(summary.Events);

            using var client = new HttpClient();
            var page = await client.GetStringAsync(new Uri($"{url}/events"));

            var listed = EventRow().Matches(page).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.Equal(summary.Events.Select(e => e.EventId).ToHashSet(), listed);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCodes.Success, await demo.WaitAsync(TimeSpan.FromSeconds(60)));
        string Printed()
        {
            lock (printed)
            {
                return output.ToString();
            }
        }
    }

    [GeneratedRegex(@"^\[demo\] web console: (\S+) ", RegexOptions.Multiline)]
    private static partial Regex ConsoleLine();

    [GeneratedRegex("<tr class=\"event\" data-event=\"([^\"]+)\"")]
    private static partial Regex EventRow();
}

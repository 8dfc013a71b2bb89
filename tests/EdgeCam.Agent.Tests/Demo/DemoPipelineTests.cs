using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Demo;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.Agent.Tests.Demo;

/// <summary>
/// The whole pipeline in the agent, against real ffmpeg and a real Azurite started by the test: a 60 s synthetic camera
/// with three scripted motion intervals, played as fast as possible.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemoPipelineTests : IDisposable
{
    /// <summary>The synthetic clip has one keyframe per second (GOP = frame rate).</summary>
    private const double KeyframeIntervalSeconds = 1.0;

    private static readonly MotionInterval[] Truth =
    [
        MotionInterval.FromSeconds(5, 12),
        MotionInterval.FromSeconds(25, 31),
        MotionInterval.FromSeconds(45, 50),
    ];

    private readonly TempDirectory _dir = new("e2e");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_SyntheticCameraWithThreeMotionIntervals_OneEventClipUploadAndAlertPerInterval()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(60), MotionIntervals = Truth },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var template = Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");
        var recorder = JsonNode.Parse(File.ReadAllText(template))!["modulesContent"]!["SegmentRecorder"]!["properties.desired"]!;
        var preRoll = (double)recorder["preRollSeconds"]!;
        var postRoll = (double)recorder["postRollSeconds"]!;

        var run = await DemoRun.StartAsync(
            _dir.Combine("data"), "--source", camera.Path, "--fast", "--template", template, "--storage", azurite.ConnectionString);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Describe());
        var summary = run.Summary();
        Assert.NotNull(summary.SessionStartedAt);

        // Every ground-truth interval produced exactly one event whose start is within 1 s of the truth.
        Assert.Equal(Truth.Length, summary.Events.Count);
        foreach (var truth in Truth)
        {
            var matching = summary.Events.Where(e => Math.Abs(e.StartSeconds - truth.Start.TotalSeconds) <= 1.0).ToList();
            Assert.True(matching.Count == 1, $"interval {truth.Start.TotalSeconds}-{truth.End.TotalSeconds} s matched {matching.Count} events: {DemoRunAudit.Events(summary)}");
        }

        await DemoRunAudit.ClipsStoredAndAlertedAsync(summary, run.DataDirectory, azurite.ConnectionString, preRoll, postRoll, KeyframeIntervalSeconds);
        await SnapshotAudit.SnapshotsAndFollowUpsAsync(summary, run.DataDirectory, (640, 360));
    }
}

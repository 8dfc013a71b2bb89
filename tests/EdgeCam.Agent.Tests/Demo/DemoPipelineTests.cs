using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Demo;
using EdgeCam.DevKit.Storage;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Clips;
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
            Assert.True(matching.Count == 1, $"interval {truth.Start.TotalSeconds}-{truth.End.TotalSeconds} s matched {matching.Count} events: {Events(summary)}");
        }

        // Every event produced one clip from at least pre-roll before its start to at least post-roll after its end,
        // within one keyframe interval (copy-mode cuts snap to keyframes).
        Assert.Equal(summary.Events.Count, summary.Clips.Count);
        var probe = new MediaProbe();
        foreach (var e in summary.Events)
        {
            var clip = Assert.Single(summary.Clips, c => c.EventId == e.EventId);
            Assert.True(
                clip.Start <= e.Start.AddSeconds(-preRoll + KeyframeIntervalSeconds),
                $"clip of {e.EventId} starts at {clip.Start:O}, event at {e.Start:O}: less than {preRoll} s pre-roll");
            Assert.True(
                clip.End >= e.End!.Value.AddSeconds(postRoll - KeyframeIntervalSeconds),
                $"clip of {e.EventId} ends at {clip.End:O}, event at {e.End:O}: less than {postRoll} s post-roll");
            var onDisk = await probe.ReadTimesAsync(clip.AbsolutePath, CancellationToken.None);
            Assert.InRange(onDisk.DurationSeconds, clip.DurationSeconds - 0.2, clip.DurationSeconds + 0.2);
        }

        // Every clip is in Azurite with the same length and MD5 as on disk (downloaded, not taken from metadata).
        // Read with Azure.Storage.Blobs directly, pinned to a version Azurite knows (the SDK's default is newer).
        var storage = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
        foreach (var clip in summary.Clips)
        {
            Assert.NotNull(clip.BlobName);
            var local = await File.ReadAllBytesAsync(clip.AbsolutePath);
            var remote = (await storage.GetBlobClient(clip.BlobName!).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(local.Length, remote.Length);
            Assert.Equal(Convert.ToBase64String(MD5.HashData(local)), Convert.ToBase64String(MD5.HashData(remote)));
        }

        // Exactly one motion alert per event in the alert file.
        var alerts = File.ReadAllLines(Path.Combine(run.DataDirectory, "alerts.jsonl"))
            .Select(line => ContractJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(line), ContractsJsonContext.Default.Alert))
            .Where(a => a.Kind == "motion")
            .ToList();
        Assert.Equal(summary.Events.Select(e => e.EventId).Order(), alerts.Select(a => a.EventId).Order());
    }

    private static string Events(DemoSummary summary) =>
        string.Join(", ", summary.Events.Select(e => $"{e.StartSeconds:F1}-{e.EndSeconds:F1} s"));
}

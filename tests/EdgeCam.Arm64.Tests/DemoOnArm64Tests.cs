using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Demo;
using EdgeCam.Agent.Tests.Demo;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.Arm64.Tests;

/// <summary>
/// The agent's whole pipeline on the linux-arm64 build under qemu: a 20 s synthetic camera with one scripted motion
/// interval, played as fast as possible, against Azurite started by the test. ffmpeg and Azurite are the host's x64
/// programs. The same expectations as the x64 demo test (EdgeCam.Agent.Tests DemoPipelineTests).
/// </summary>
[Trait("Category", "Integration")]
[Collection(Arm64Collection.Name)]
public sealed class DemoOnArm64Tests(Arm64Publish publish) : IDisposable
{
    /// <summary>The synthetic clip has one keyframe per second (GOP = frame rate).</summary>
    private const double KeyframeIntervalSeconds = 1.0;

    /// <summary>e_machine of an ELF file for AArch64.</summary>
    private const ushort ElfMachineAarch64 = 183;

    private static readonly MotionInterval[] Truth = [MotionInterval.FromSeconds(6, 11)];

    private readonly TempDirectory _dir = new("arm64-demo");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Demo_Arm64AgentUnderQemuOnTwentySecondClip_OneEventClipUploadAndAlertPerInterval()
    {
        publish.AssertSucceeded();
        Assert.Equal(ElfMachineAarch64, ElfMachine(Arm64Script.PublishedAgent));
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(20), MotionIntervals = Truth },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var recorder = JsonNode.Parse(File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")))!["modulesContent"]!["SegmentRecorder"]!["properties.desired"]!;
        var preRoll = (double)recorder["preRollSeconds"]!;
        var postRoll = (double)recorder["postRollSeconds"]!;
        var data = _dir.Combine("data");

        var run = await Arm64Script.RunAsync(
            TimeSpan.FromMinutes(10),
            "demo", "--data", data, "--source", camera.Path, "--fast", "--storage", azurite.ConnectionString, "--settle-timeout", "180");

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("[arm64] running edgecam-agent demo on linux-arm64 under qemu-aarch64", run.Output, StringComparison.Ordinal);
        var summaryPath = Path.Combine(data, "summary.json");
        Assert.True(File.Exists(summaryPath), "the arm64 demo wrote no summary.json: " + run.Describe());
        var summary = JsonSerializer.Deserialize(File.ReadAllBytes(summaryPath), DemoJsonContext.Default.DemoSummary)!;
        Assert.NotNull(summary.SessionStartedAt);

        // The interval produced exactly one event whose start is within 1 s of the truth.
        Assert.Equal(Truth.Length, summary.Events.Count);
        foreach (var truth in Truth)
        {
            var matching = summary.Events.Count(e => Math.Abs(e.StartSeconds - truth.Start.TotalSeconds) <= 1.0);
            Assert.True(matching == 1, $"interval {truth.Start.TotalSeconds}-{truth.End.TotalSeconds} s matched {matching} events: {DemoRunAudit.Events(summary)}");
        }

        await DemoRunAudit.ClipsStoredAndAlertedAsync(summary, data, azurite.ConnectionString, preRoll, postRoll, KeyframeIntervalSeconds);
    }

    private static ushort ElfMachine(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: the publish step did not write it");
        var header = new byte[20];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return BitConverter.ToUInt16(header, 18);
    }

}

using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Tests.Fakes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Synthetic;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_FilePlayedOnceFast_SendsMotionAndHealthThenEndsWithSessionClosed()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var watch = Stopwatch.StartNew();
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12) }, CancellationToken.None);
        var desired = new JsonObject { ["source"] = clip.Path, ["realtime"] = false, ["segmentSeconds"] = 2, ["$version"] = 1 };
        var client = new RecordingModuleClient("CameraCapture", desired);
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(client, stop.Token);
        var states = await HealthUntilAsync(client, s => s is CaptureState.Ended or CaptureState.Failed);
        output.WriteLine($"module run: {watch.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal([CaptureState.Starting, CaptureState.Running, CaptureState.Ended], states.Select(h => h.State));
        Assert.Equal(CaptureState.Ended, module.State);
        Assert.InRange(states[^1].FramesAnalysed, 59, 61);
        var motion = client.Sent.Where(s => s.Output == CameraCaptureModule.MotionOutput).Select(s => s.Message).ToList();
        Assert.Equal([MessageTypes.MotionStarted, MessageTypes.MotionEnded], motion.Select(m => m.MessageType()));
        Assert.All(motion, m => Assert.Equal(("application/json", "utf-8", "CameraCapture"), (m.ContentType, m.ContentEncoding, m.Properties[MessageProperties.CameraId])));
        var started = motion[0].Read(ContractsJsonContext.Default.MotionStarted);
        var ended = motion[1].Read(ContractsJsonContext.Default.MotionEnded);
        Assert.Equal(started.EventId, ended.EventId);

        var sessionDir = Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("CameraCapture")));
        var session = ContractJson.Deserialize(File.ReadAllBytes(Path.Combine(sessionDir, CaptureSession.FileName)), ContractsJsonContext.Default.CaptureSession);
        Assert.NotNull(session.EndedAt);
        Assert.Equal(2, session.SegmentSeconds);
        Assert.InRange(started.Start - session.StartedAt, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(sessionDir, CaptureSession.SegmentListFileName)));
        Assert.Contains(client.ReportedPatches, p => p["capture"]?["state"]?.GetValue<string>() == "ended");
        Assert.Contains(client.ReportedPatches, p => p["lastDesiredStatus"]?["code"]?.GetValue<int>() == 200);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_MissingFile_FailsWithOneLineErrorNamingTheSource()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var missing = temp.Combine("missing.mp4");
        var client = new RecordingModuleClient("Porch", new JsonObject { ["source"] = missing });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(client, stop.Token);
        var states = await HealthUntilAsync(client, s => s is CaptureState.Ended or CaptureState.Failed);

        var failed = states[^1];
        Assert.Equal(CaptureState.Failed, failed.State);
        Assert.Equal($"Cannot open file source '{missing}': No such file or directory", failed.Error);
        Assert.Contains(client.ReportedPatches, p => p["capture"]?["error"]?.GetValue<string>() == failed.Error);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_InvalidDesiredThenValidPatch_Reports400NamingPropertyThenStarts()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var client = new RecordingModuleClient("CameraCapture", new JsonObject { ["source"] = temp.Combine("missing.mp4"), ["motion"] = new JsonObject { ["threshold"] = 0 }, ["$version"] = 4 });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(client, stop.Token);
        var rejected = Assert.Single(client.ReportedPatches);
        await client.PatchDesiredAsync(new JsonObject { ["motion"] = new JsonObject { ["threshold"] = 30 }, ["$version"] = 5 }, CancellationToken.None);
        var states = await HealthUntilAsync(client, s => s is CaptureState.Failed);

        Assert.Equal(400, rejected["lastDesiredStatus"]!["code"]!.GetValue<int>());
        Assert.Contains("'motion.threshold'", rejected["lastDesiredStatus"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, rejected["lastDesiredStatus"]!["version"]!.GetValue<long>());
        Assert.Equal(CaptureState.Starting, states[0].State);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_SettingsPatchWhileRunning_StopsAndRestartsWithNewSettings()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Width = 320, Height = 180, Duration = TimeSpan.FromSeconds(3), MotionIntervals = [] }, CancellationToken.None);
        var client = new RecordingModuleClient("CameraCapture", new JsonObject { ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(client, stop.Token);
        await HealthUntilAsync(client, s => s is CaptureState.Running);
        await client.PatchDesiredAsync(new JsonObject { ["cameraId"] = "renamed", ["loop"] = false }, CancellationToken.None);
        var states = await HealthUntilAsync(client, s => s is CaptureState.Ended);

        Assert.Equal([CaptureState.Stopped, CaptureState.Starting, CaptureState.Running, CaptureState.Ended], states.Select(h => h.State));
        Assert.Equal("renamed", states[^1].CameraId);
        Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("renamed")));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    // Reads health messages as they are sent until one satisfies the condition; returns those read in this call.
    private static async Task<List<CameraHealth>> HealthUntilAsync(RecordingModuleClient client, Func<CaptureState, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var states = new List<CameraHealth>();
        await foreach (var (name, message) in client.Stream.Reader.ReadAllAsync(timeout.Token))
        {
            if (name != CameraCaptureModule.HealthOutput)
            {
                continue;
            }

            var health = message.Read(ContractsJsonContext.Default.CameraHealth);
            states.Add(health);
            if (done(health.State))
            {
                return states;
            }
        }

        return states;
    }
}

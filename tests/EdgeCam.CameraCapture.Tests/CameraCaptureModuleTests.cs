using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> NoRoutes = [];

    [Fact]
    public async Task RunAsync_FilePlayedOnceFast_SendsMotionAndHealthThenEndsWithSessionClosed()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var watch = Stopwatch.StartNew();
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12) }, CancellationToken.None);
        await using var hub = HubWith("CameraCapture", new JsonObject { ["source"] = clip.Path, ["realtime"] = false, ["segmentSeconds"] = 2 });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);
        output.WriteLine($"module run: {watch.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal([CaptureState.Starting, CaptureState.Running, CaptureState.Ended], states.Select(h => h.State));
        Assert.Equal(CaptureState.Ended, module.State);
        Assert.InRange(states[^1].FramesAnalysed, 59, 61);
        var motion = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.MotionOutput).Select(r => r.Message).ToList();
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
        var reported = hub.Hub.GetReportedProperties("CameraCapture");
        Assert.Equal("ended", reported["capture"]!["state"]!.GetValue<string>());
        Assert.Equal(200, reported["lastDesiredStatus"]!["code"]!.GetValue<int>());

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_MissingFile_FailsWithOneLineErrorNamingTheSource()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var missing = temp.Combine("missing.mp4");
        await using var hub = HubWith("Porch", new JsonObject { ["source"] = missing });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Porch"), stop.Token);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);

        var failed = states[^1];
        Assert.Equal(CaptureState.Failed, failed.State);
        Assert.Equal($"Cannot open file source '{missing}': No such file or directory", failed.Error);
        Assert.Equal(failed.Error, hub.Hub.GetReportedProperties("Porch")["capture"]!["error"]!.GetValue<string>());

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_InvalidDesiredThenValidPatch_Reports400NamingPropertyThenStarts()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        await using var hub = HubWith("CameraCapture", new JsonObject { ["source"] = temp.Combine("missing.mp4"), ["motion"] = new JsonObject { ["threshold"] = 0 }, ["$version"] = 4 });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var rejected = (await hub.WaitForReportedAsync("CameraCapture", r => r["lastDesiredStatus"] is not null, Patience))["lastDesiredStatus"]!;
        await hub.Hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["motion"] = new JsonObject { ["threshold"] = 30 } }, CancellationToken.None);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Failed);

        Assert.Equal(400, rejected["code"]!.GetValue<int>());
        Assert.StartsWith("motion.threshold ", rejected["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, rejected["version"]!.GetValue<long>());
        Assert.Equal(CaptureState.Starting, states[0].State);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_NoSource_Reports400NamingSourceAndWaitsForIt()
    {
        using var temp = new TempDirectory("module");
        await using var hub = HubWith("CameraCapture", new JsonObject { ["loop"] = true });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var reported = await hub.WaitForReportedAsync("CameraCapture", r => r["lastDesiredStatus"] is not null, Patience);

        Assert.Equal(400, reported["lastDesiredStatus"]!["code"]!.GetValue<int>());
        Assert.StartsWith("source is required", reported["lastDesiredStatus"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(running.IsCompleted);
        Assert.Equal(CaptureState.Stopped, module.State);
        Assert.DoesNotContain(hub.Routed, r => r.OutputName == CameraCaptureModule.HealthOutput);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_SettingsPatchWhileRunning_StopsAndRestartsWithNewSettings()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Width = 320, Height = 180, Duration = TimeSpan.FromSeconds(3), MotionIntervals = [] }, CancellationToken.None);
        await using var hub = HubWith("CameraCapture", new JsonObject { ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var before = (await HealthUntilAsync(hub, s => s is CaptureState.Running)).Count;
        await hub.Hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["cameraId"] = "renamed", ["loop"] = false }, CancellationToken.None);
        var states = (await HealthUntilAsync(hub, s => s is CaptureState.Ended))[before..];

        Assert.Equal([CaptureState.Stopped, CaptureState.Starting, CaptureState.Running, CaptureState.Ended], states.Select(h => h.State));
        Assert.Equal("renamed", states[^1].CameraId);
        Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("renamed")));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_MotionThresholdPatchWhileRunning_AppliesLiveWithoutRestartingCapture()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var clip = await SyntheticClip.GenerateAsync(
            temp.Combine("clip.mp4"),
            new SyntheticClipOptions { Width = 320, Height = 180, Duration = TimeSpan.FromSeconds(4), MotionIntervals = [MotionInterval.FromSeconds(1, 3)] },
            CancellationToken.None);
        // Threshold 254: only a pure black-to-white step would count, so the box finds no motion.
        await using var hub = HubWith("CameraCapture", new JsonObject
        {
            ["source"] = clip.Path,
            ["realtime"] = true,
            ["loop"] = true,
            ["segmentSeconds"] = 1,
            ["motion"] = new JsonObject { ["threshold"] = 254, ["eventGapSeconds"] = 1 },
        });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);
        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var before = (await HealthUntilAsync(hub, s => s is CaptureState.Running)).Count;
        await Task.Delay(TimeSpan.FromSeconds(5)); // more than one loop of the clip, box included
        Assert.DoesNotContain(hub.Routed, r => r.OutputName == CameraCaptureModule.MotionOutput);

        await hub.Hub.UpdateDesiredPropertiesAsync("CameraCapture", new JsonObject { ["motion"] = new JsonObject { ["threshold"] = 30 } }, CancellationToken.None);
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.MotionOutput, Patience);

        Assert.Equal(200, hub.Hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!["code"]!.GetValue<int>());
        var healthAfter = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(Health).Skip(before).ToList();
        Assert.Empty(healthAfter);
        Assert.Equal(CaptureState.Running, module.State);
        var session = Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("CameraCapture")));
        var segments = File.ReadAllLines(Path.Combine(session, CaptureSession.SegmentListFileName))
            .Select(line => int.Parse(line.Split(',')[0].AsSpan(4, 6), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(segments.Count >= 5, $"{segments.Count} segments");
        Assert.Equal(Enumerable.Range(segments[0], segments.Count), segments);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static TestHub HubWith(string moduleId, JsonObject desired) =>
        TestHub.Create(NoRoutes, new Dictionary<string, JsonObject> { [moduleId] = desired });

    // Waits for a health message satisfying the condition; returns every health message up to and including the first that does.
    private static async Task<List<CameraHealth>> HealthUntilAsync(TestHub hub, Func<CaptureState, bool> done)
    {
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && done(Health(r).State), Patience);
        var states = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(Health).ToList();
        return states[..(states.FindIndex(h => done(h.State)) + 1)];
    }

    private static CameraHealth Health(RoutedMessage routed) => routed.Message.Read(ContractsJsonContext.Default.CameraHealth);
}

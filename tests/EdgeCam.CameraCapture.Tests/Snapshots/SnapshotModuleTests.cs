using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>Snapshots, the snapshot method and a libcamera camera that drops, through the whole module on real ffmpeg.</summary>
[Trait("Category", "Integration")]
public sealed class SnapshotModuleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_EventStarts_ColourJpegOfTheCameraIsWrittenAnnouncedAndMethodAnswers()
    {
        using var temp = new TempDirectory("snap");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject { ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true },
        });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var routed = await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionStarted, Patience);
        var started = routed.Message.Read(ContractsJsonContext.Default.MotionStarted);
        var announced = await hub.WaitForAsync(r => r.OutputName == "snapshots", Patience);
        var bad = await hub.Hub.InvokeMethodAsync("CameraCapture", "snapshot", "[1]", CancellationToken.None);
        var good = await hub.Hub.InvokeMethodAsync("CameraCapture", "snapshot", "{}", CancellationToken.None);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal($"snapshots/CameraCapture/{started.EventId}.jpg", started.SnapshotPath);
        var ready = announced.Message.Read(ContractsJsonContext.Default.SnapshotReady);
        Assert.Equal(MessageTypes.SnapshotReady, announced.Message.MessageType());
        Assert.Equal((started.EventId, started.SnapshotPath, started.Start), (ready.EventId, ready.SnapshotPath, ready.EventStart));
        Assert.InRange(ready.TakenAt - started.Start, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var file = volume.Resolve(started.SnapshotPath!);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(ready.SizeBytes, bytes.Length);
        Assert.Equal(ready.ContentMd5, Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(bytes)));
        await AssertColourJpegAsync(file);
        Assert.Equal(400, bad.Status);
        Assert.Contains("must be empty or an object", bad.PayloadText, StringComparison.Ordinal);
        Assert.Equal(200, good.Status);
        var path = JsonNode.Parse(good.PayloadText)!["path"]!.GetValue<string>();
        Assert.StartsWith("snapshots/CameraCapture/manual-", path, StringComparison.Ordinal);
        await AssertColourJpegAsync(volume.Resolve(path));
    }

    // Also the measurement of the README: the delay from each event's start (its first motion frame, wall clock) to its
    // JPEG on disk (the file's write time), printed; asserted is only what the stream clock decides (which frame).
    [Fact]
    public async Task RunAsync_RealTimeCameraFourEvents_EachSnapshotShowsAFrameWithinASecondAfterItsStart()
    {
        using var temp = new TempDirectory("snapdelay");
        MotionInterval[] truth = [MotionInterval.FromSeconds(2, 5), MotionInterval.FromSeconds(9.3, 12), MotionInterval.FromSeconds(16.6, 19), MotionInterval.FromSeconds(23.9, 27)];
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(30), MotionIntervals = truth }, CancellationToken.None);
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject { ["source"] = clip.Path, ["realtime"] = true, ["motion"] = new JsonObject { ["eventGapSeconds"] = 2 } },
        });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && r.Message.Read(ContractsJsonContext.Default.CameraHealth).State == CaptureState.Ended, TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var routedStarts = hub.Routed.Where(r => r.Message.MessageType() == MessageTypes.MotionStarted).ToList();
        var started = routedStarts.Select(r => r.Message.Read(ContractsJsonContext.Default.MotionStarted)).ToList();
        var ready = hub.Routed.Where(r => r.OutputName == "snapshots").Select(r => r.Message.Read(ContractsJsonContext.Default.SnapshotReady)).ToDictionary(r => r.EventId);
        Assert.Equal(truth.Length, started.Count);
        var lines = new List<string>();
        foreach (var (e, routed) in started.Zip(routedStarts))
        {
            var snapshot = ready[e.EventId];
            Assert.InRange(snapshot.TakenAt - e.Start, TimeSpan.Zero, TimeSpan.FromSeconds(1));
            var onDisk = new DateTimeOffset(File.GetLastWriteTimeUtc(volume.Resolve(snapshot.SnapshotPath)), TimeSpan.Zero);
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"start->disk {(onDisk - e.Start).TotalMilliseconds:F0} ms (start->motionStarted {(routed.RoutedAt - e.Start).TotalMilliseconds:F0}, motionStarted->disk {(onDisk - routed.RoutedAt).TotalMilliseconds:F0}, frame at start+{(snapshot.TakenAt - e.Start).TotalMilliseconds:F0})"));
        }

        output.WriteLine(string.Join(Environment.NewLine, lines));
    }

    [Fact]
    public async Task RunAsync_SnapshotsDisabled_MotionStartedNamesNoSnapshotAndNoneIsAnnounced()
    {
        using var temp = new TempDirectory("nosnap");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(8), MotionIntervals = [MotionInterval.FromSeconds(2, 5)] }, CancellationToken.None);
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject { ["source"] = clip.Path, ["realtime"] = false, ["snapshots"] = new JsonObject { ["enabled"] = false } },
        });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionEnded, Patience);
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && r.Message.Read(ContractsJsonContext.Default.CameraHealth).State == CaptureState.Ended, Patience);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var started = hub.Routed.Single(r => r.Message.MessageType() == MessageTypes.MotionStarted).Message.Read(ContractsJsonContext.Default.MotionStarted);
        Assert.Null(started.SnapshotPath);
        Assert.DoesNotContain(hub.Routed, r => r.OutputName == "snapshots");
    }

    [Fact]
    public async Task RunAsync_LibcameraProducerDies_RestartsWithBackoffAndRunsAgain()
    {
        using var temp = new TempDirectory("drop");
        var h264 = await FakeCameraTool.GenerateH264Async(temp.Combine("cam.h264"), TimeSpan.FromSeconds(2), CancellationToken.None);
        FakeCameraTool.WriteScript(temp.Combine("bin"), "rpicam-vid", $"cat '{h264}'\nexit 1");
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject { ["source"] = "libcamera", ["segmentSeconds"] = 1 },
        });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance, toolSearchPath: temp.Combine("bin"));

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && Health(r).State == CaptureState.Running && Runs(hub) == 2, Patience);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var states = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(Health).ToList();
        Assert.Equal([CaptureState.Starting, CaptureState.Running, CaptureState.Restarting, CaptureState.Starting, CaptureState.Running], states.Take(5).Select(s => s.State));
        Assert.Contains("rpicam-vid exited with code 1", states[2].Error, StringComparison.Ordinal);
    }

    private static int Runs(TestHub hub) =>
        hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Count(r => Health(r).State == CaptureState.Running);

    private static CameraHealth Health(EdgeCam.Edge.InProcess.RoutedMessage routed) => routed.Message.Read(ContractsJsonContext.Default.CameraHealth);

    // A colour JPEG of the camera's frame: three components (yuvj420p), the camera's size, and colour once decoded.
    private static async Task AssertColourJpegAsync(string path)
    {
        var probe = await ColourJpeg.ProbeAsync(path);
        Assert.Equal(("mjpeg", "yuvj420p", "640", "360"), (probe["codec_name"], probe["pix_fmt"], probe["width"], probe["height"]));
        Assert.True(await ColourJpeg.ColourfulShareAsync(path) > 0.2, "the snapshot is in colour");
    }
}

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

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>Snapshots, the snapshot method and a libcamera camera that drops, through the whole module on real ffmpeg.</summary>
[Trait("Category", "Integration")]
public sealed class SnapshotModuleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_EventStarts_MotionStartedNamesAJpegOnTheVolumeAndMethodAnswers()
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
        var bad = await hub.Hub.InvokeMethodAsync("CameraCapture", "snapshot", "[1]", CancellationToken.None);
        var good = await hub.Hub.InvokeMethodAsync("CameraCapture", "snapshot", "{}", CancellationToken.None);
        await AssertJpegAsync(volume.Resolve(started.SnapshotPath!));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        Assert.Equal($"snapshots/CameraCapture/{started.EventId}.jpg", started.SnapshotPath);
        Assert.Equal(400, bad.Status);
        Assert.Contains("must be empty or an object", bad.PayloadText, StringComparison.Ordinal);
        Assert.Equal(200, good.Status);
        var path = JsonNode.Parse(good.PayloadText)!["path"]!.GetValue<string>();
        Assert.StartsWith("snapshots/CameraCapture/manual-", path, StringComparison.Ordinal);
        await AssertJpegAsync(volume.Resolve(path));
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

    // The event snapshot is written just after the message names it: wait briefly, then check the JPEG magic bytes.
    private static async Task AssertJpegAsync(string path)
    {
        for (var i = 0; i < 50 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Tools;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Timelapse;

/// <summary>The time-lapse through the whole module: a synthetic camera on real ffmpeg, the real clock.</summary>
[Trait("Category", "Integration")]
public sealed class TimelapseModuleTests
{
    [Fact]
    public async Task RunAsync_TimelapseEnabled_CamerasColourFramesKeptAtTheIntervalAndAnEarlierDayAnnounced()
    {
        using var temp = new TempDirectory("timelapse-module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        // Frames a run before the last midnight left (the module stopped before it could make their day).
        var earlier = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var earlierFrames = Path.Combine(volume.TimelapseDirectory("CameraCapture"), earlier);
        var rendered = await TimelapseFrames.RenderAsync(temp.Combine("jpegs"), 5);
        Directory.CreateDirectory(earlierFrames);
        for (var i = 0; i < 5; i++)
        {
            rendered.Next();
            await File.WriteAllBytesAsync(Path.Combine(earlierFrames, $"1200{i:00}.jpg"), rendered.Newest()!.Jpeg.ToArray());
        }

        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject
            {
                ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true,
                ["timelapse"] = new JsonObject { ["enabled"] = true, ["intervalSeconds"] = 2 },
            },
        });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var announced = await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.TimelapseOutput, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => KeptFrames(volume).Count >= 3, "three frames of the camera are kept", 60_000);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var ready = announced.Message.Read(ContractsJsonContext.Default.ClipReady);
        Assert.Equal(
            (MessageTypes.ClipReady, $"CameraCapture/timelapse-{earlier}/clipReady", ClipKinds.Timelapse, $"timelapse/CameraCapture/{earlier}.mp4"),
            (announced.Message.MessageType(), announced.Message.MessageId, ready.Kind, ready.ClipPath));
        Assert.Equal(5, (await TimelapseFrames.ProbeVideoAsync(volume.Resolve(ready.ClipPath))).Frames);
        Assert.False(Directory.Exists(earlierFrames));
        var kept = KeptFrames(volume);
        Assert.All(kept, frame => Assert.True(int.Parse(Path.GetFileNameWithoutExtension(frame)[4..], CultureInfo.InvariantCulture) % 2 == 0, $"{frame} is not on a 2 s slot"));
        foreach (var frame in kept)
        {
            var probe = await ColourJpeg.ProbeAsync(frame);
            Assert.Equal(("mjpeg", "640", "360"), (probe["codec_name"], probe["width"], probe["height"]));
            Assert.True(await ColourJpeg.ColourfulShareAsync(frame) > 0.2, $"{frame} is in colour");
        }
    }

    [Fact]
    public async Task RunAsync_MakeTimelapseCalled_TodaysFramesSoFarSentOnTimelapseAndKept()
    {
        using var temp = new TempDirectory("timelapse-method-module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(10) }, CancellationToken.None);
        var volume = new SharedVolume(temp.Combine("data"));
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject>
        {
            ["CameraCapture"] = new JsonObject
            {
                ["source"] = clip.Path, ["realtime"] = true, ["loop"] = true,
                ["timelapse"] = new JsonObject { ["enabled"] = true, ["intervalSeconds"] = 1, ["width"] = 320 },
            },
        });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        await Eventually.TrueAsync(() => KeptFrames(volume).Count >= 3, "three frames of the camera are kept", 60_000);
        var response = await hub.Hub.InvokeMethodAsync("CameraCapture", "makeTimelapse", "{}", CancellationToken.None);
        Assert.True(response.Status == 200, response.PayloadText);
        var answer = JsonNode.Parse(response.PayloadText)!;
        var eventId = answer["eventId"]!.GetValue<string>();
        var announced = await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.TimelapseOutput && r.Message.Read(ContractsJsonContext.Default.ClipReady).EventId == eventId, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var ready = announced.Message.Read(ContractsJsonContext.Default.ClipReady);
        var frames = answer["frames"]!.GetValue<int>();
        Assert.Equal((ClipKinds.Timelapse, answer["clipPath"]!.GetValue<string>()), (ready.Kind, ready.ClipPath));
        Assert.Matches(@"^timelapse-\d{4}-\d{2}-\d{2}-partial-\d{6}$", eventId);
        Assert.Equal(frames, (await TimelapseFrames.ProbeVideoAsync(volume.Resolve(ready.ClipPath))).Frames);
        Assert.InRange(KeptFrames(volume).Count, frames, int.MaxValue);
    }

    private static List<string> KeptFrames(SharedVolume volume)
    {
        var folder = volume.TimelapseDirectory("CameraCapture");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).ToList() : [];
    }
}

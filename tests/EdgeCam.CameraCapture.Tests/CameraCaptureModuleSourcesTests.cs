using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Media.Clips;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Rtsp;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>
/// The module with cameras as they are: odd shapes, odd codecs, text instead of video, a bad optional setting, an
/// unreachable RTSP camera, and an IP camera's main and sub stream from a real RTSP server (GStreamer's, on loopback).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CameraCaptureModuleSourcesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SubStreamPatience = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> NoRoutes = [];

    [Fact]
    public async Task RunAsync_PortraitSource_AnalysesItsShapeAndZonesStayWhereTheyAre()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("portrait.mp4"), new SyntheticClipOptions { Width = 360, Height = 640, Duration = TimeSpan.FromSeconds(8), MotionIntervals = [MotionInterval.FromSeconds(2, 6)] }, CancellationToken.None);
        var zones = new JsonObject { ["top"] = "0,0 1,0 1,0.08 0,0.08", ["middle"] = "0,0.3 1,0.3 1,0.7 0,0.7" };
        await using var hub = HubWith("Hall", new JsonObject { ["source"] = clip.Path, ["realtime"] = false, ["motion"] = new JsonObject { ["zones"] = zones } });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Hall"), stop.Token);
        await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);
        var started = hub.Routed.Where(r => r.Message.MessageType() == MessageTypes.MotionStarted).Select(r => r.Message.Read(ContractsJsonContext.Default.MotionStarted)).ToList();

        var first = Assert.Single(started);
        Assert.Equal(["middle"], first.Zones);
        var snapshot = volume.Resolve(first.SnapshotPath!);
        await Eventually.TrueAsync(() => File.Exists(snapshot), "the event snapshot is written");
        Assert.Equal((360, 640), JpegSize(await File.ReadAllBytesAsync(snapshot)));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_TextFileAsSource_FailsWithOneLineNamingItAndNoMotion()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var text = temp.Combine("notes.txt");
        await File.WriteAllLinesAsync(text, Enumerable.Range(1, 3000).Select(i => $"line {i} of a text that is not a camera"));
        await using var hub = HubWith("Porch", new JsonObject { ["source"] = text, ["realtime"] = false });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Porch"), stop.Token);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);

        Assert.Equal([CaptureState.Starting, CaptureState.Failed], states.Select(h => h.State));
        Assert.Equal($"Source '{text}' is not a camera: it is text, not video.", states[^1].Error);
        Assert.Equal(states[^1].Error, hub.Hub.GetReportedProperties("Porch")["capture"]!["error"]!.GetValue<string>());
        Assert.DoesNotContain(hub.Routed, r => r.OutputName == CameraCaptureModule.MotionOutput);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_InvalidOptionalSettingAtFirstStart_RecordsWithDefaultsAndReports400()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(6), MotionIntervals = [MotionInterval.FromSeconds(2, 4)] }, CancellationToken.None);
        await using var hub = HubWith("CameraCapture", new JsonObject { ["source"] = clip.Path, ["realtime"] = false, ["motion"] = new JsonObject { ["threshold"] = 300 } });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("CameraCapture"), stop.Token);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);

        Assert.Equal([CaptureState.Starting, CaptureState.Running, CaptureState.Ended], states.Select(h => h.State));
        var sessionDir = Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("CameraCapture")));
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(sessionDir, CaptureSession.SegmentListFileName)));
        var status = hub.Hub.GetReportedProperties("CameraCapture")["lastDesiredStatus"]!;
        Assert.Equal(400, status["code"]!.GetValue<int>());
        Assert.StartsWith("motion.threshold must be between 1 and 254", status["description"]!.GetValue<string>(), StringComparison.Ordinal);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_MjpegFileWithX264Encoder_RecordsH264Segments()
    {
        var ffmpeg = RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("module");
        var webcam = temp.Combine("webcam.avi");
        var rendered = await ToolRunner.RunAsync(ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=10", "-t", "4", "-c:v", "mjpeg", webcam], CancellationToken.None);
        Assert.True(rendered.ExitCode == 0, rendered.ErrorTail());
        await using var hub = HubWith("Desk", new JsonObject { ["source"] = webcam, ["realtime"] = false, ["segmentSeconds"] = 2, ["camera"] = new JsonObject { ["encoder"] = "x264" } });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Desk"), stop.Token);
        var states = await HealthUntilAsync(hub, s => s is CaptureState.Ended or CaptureState.Failed);

        Assert.Equal(CaptureState.Ended, states[^1].State);
        var sessionDir = Assert.Single(Directory.GetDirectories(volume.SpoolDirectory("Desk")));
        var segments = File.ReadAllLines(Path.Combine(sessionDir, CaptureSession.SegmentListFileName)).Select(l => Path.Combine(sessionDir, l.Split(',')[0])).ToList();
        Assert.InRange(segments.Count, 2, 3);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        Assert.Equal("h264", await probe.ReadVideoCodecAsync(segments[0], CancellationToken.None));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_RtspCameraUnreachable_KeepsRetryingWithOneLineNamingTheMaskedUrl()
    {
        RequiredTool.Ffprobe();
        using var temp = new TempDirectory("module");
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var url = $"rtsp://admin:s3cret@127.0.0.1:{port}/cam";
        await using var hub = HubWith("Gate", new JsonObject { ["source"] = url, ["camera"] = new JsonObject { ["networkTimeoutSeconds"] = 1 } });
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Gate"), stop.Token);
        // Two refusals in a row: the probe failure restarts with backoff (1 s) instead of failing for good.
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && Health(r).State == CaptureState.Restarting && hub.Routed.Count(x => x.OutputName == CameraCaptureModule.HealthOutput && Health(x).State == CaptureState.Restarting) >= 2, Patience);
        var states = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(Health).ToList();

        Assert.Equal([CaptureState.Starting, CaptureState.Restarting, CaptureState.Starting, CaptureState.Restarting], states.Take(4).Select(h => h.State));
        Assert.Equal($"Cannot open rtsp source 'rtsp://admin:***@127.0.0.1:{port}/cam': Connection refused", states[1].Error);
        Assert.DoesNotContain(states, h => h.State == CaptureState.Failed);
        Assert.DoesNotContain("s3cret", hub.Hub.GetReportedProperties("Gate")["capture"]!.ToJsonString(), StringComparison.Ordinal);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task RunAsync_RtspMainAndSubStream_SegmentsAtTheMainSizeMotionFramesAtTheSubSize()
    {
        RequiredTool.Ffmpeg();
        var ffprobe = RequiredTool.Ffprobe();
        using var temp = new TempDirectory("module-sub-stream");
        var main = await SyntheticClip.GenerateAsync(temp.Combine("main.mp4"), new SyntheticClipOptions { Width = 1280, Height = 720, Duration = TimeSpan.FromSeconds(12), MotionIntervals = [] }, CancellationToken.None);
        // A 4:3 sub stream: a size no frame of the 16:9 main stream could be scaled to.
        var sub = await SyntheticClip.GenerateAsync(temp.Combine("sub.mp4"), new SyntheticClipOptions { Width = 640, Height = 480, Duration = TimeSpan.FromSeconds(12), MotionIntervals = [MotionInterval.FromSeconds(3, 7)] }, CancellationToken.None);
        await using var mainStream = await RtspTestServer.StartAsync(await WithoutBFramesAsync(main.Path, temp.Combine("main-camera.mp4")), "main", CancellationToken.None);
        await using var subStream = await RtspTestServer.StartAsync(await WithoutBFramesAsync(sub.Path, temp.Combine("sub-camera.mp4")), "sub", CancellationToken.None);
        await using var hub = HubWith("Porch", new JsonObject { ["source"] = mainStream.Url, ["analysisSource"] = subStream.Url, ["segmentSeconds"] = 2, ["camera"] = new JsonObject { ["networkTimeoutSeconds"] = 5 } });
        var volume = new SharedVolume(temp.Combine("data"));
        using var stop = new CancellationTokenSource();
        var module = new CameraCaptureModule(volume, TimeProvider.System, NullLogger<CameraCaptureModule>.Instance);

        var running = module.RunAsync(await hub.ClientAsync("Porch"), stop.Token);
        try
        {
            // The main stream has no motion: an event can only come from the sub stream.
            var routed = await hub.WaitForAsync(r => r.Message.MessageType() == MessageTypes.MotionStarted, SubStreamPatience);
            var started = routed.Message.Read(ContractsJsonContext.Default.MotionStarted);
            var snapshot = volume.Resolve(started.SnapshotPath!);
            await Eventually.TrueAsync(() => File.Exists(snapshot), "the event snapshot is written");
            var segmentLists = () => Directory.GetDirectories(volume.SpoolDirectory("Porch"))
                .Select(d => Path.Combine(d, CaptureSession.SegmentListFileName))
                .Where(File.Exists)
                .SelectMany(list => File.ReadAllLines(list).Where(l => l.Length > 0).Select(l => Path.Combine(Path.GetDirectoryName(list)!, l.Split(',')[0])))
                .ToList();
            await Eventually.TrueAsync(() => segmentLists().Count > 0, "a segment is listed", (int)SubStreamPatience.TotalMilliseconds);

            Assert.Equal((640, 480), JpegSize(await File.ReadAllBytesAsync(snapshot)));
            Assert.Equal("1280,720", await VideoSizeAsync(ffprobe, segmentLists()[0]));
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
    }

    private static TestHub HubWith(string moduleId, JsonObject desired) =>
        TestHub.Create(NoRoutes, new Dictionary<string, JsonObject> { [moduleId] = desired });

    private static async Task<List<CameraHealth>> HealthUntilAsync(TestHub hub, Func<CaptureState, bool> done)
    {
        await hub.WaitForAsync(r => r.OutputName == CameraCaptureModule.HealthOutput && done(Health(r).State), Patience);
        var states = hub.Routed.Where(r => r.OutputName == CameraCaptureModule.HealthOutput).Select(Health).ToList();
        return states[..(states.FindIndex(h => done(h.State)) + 1)];
    }

    // As IP cameras encode for low delay: H.264 without B-frames. (Stream-copying an RTSP stream with B-frames fails:
    // ffmpeg's RTSP input gives their packets no DTS, and the segment muxer refuses the first packet.)
    private static async Task<string> WithoutBFramesAsync(string clip, string path)
    {
        var encoded = await ToolRunner.RunAsync(RequiredTool.Ffmpeg(), ["-v", "error", "-y", "-i", clip, "-an", "-c:v", "libx264", "-preset", "veryfast", "-bf", "0", "-g", "15", "-pix_fmt", "yuv420p", path], CancellationToken.None);
        Assert.True(encoded.ExitCode == 0, encoded.ErrorTail());
        return path;
    }

    private static async Task<string> VideoSizeAsync(string ffprobe, string path)
    {
        var size = await ToolRunner.RunAsync(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], CancellationToken.None);
        return size.StandardOutput.Split('\n')[0].Trim();
    }

    // Width and height from the baseline frame header (SOF0: FF C0, length, precision, height, width).
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        var sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        Assert.True(sof > 0, "no SOF0 marker");
        return ((jpeg[sof + 7] << 8) | jpeg[sof + 8], (jpeg[sof + 5] << 8) | jpeg[sof + 6]);
    }

    private static CameraHealth Health(RoutedMessage routed) => routed.Message.Read(ContractsJsonContext.Default.CameraHealth);
}

using System.Net;
using System.Net.Sockets;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Rtsp;

namespace EdgeCam.Media.Tests.Capture;

/// <summary>RTSP cameras probed like files, against a real RTSP server (GStreamer's) on loopback.</summary>
[Trait("Category", "Integration")]
public sealed class SourceProbeRtspTests
{
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ProbeRtspAsync_LoopbackH264Camera_ReadsCodecSizeAndCopiesIt()
    {
        using var temp = new TempDirectory("probe-rtsp");
        await using var server = await RtspTestServer.StartAsync(await RenderAsync(temp.Combine("cam.mp4"), "320x240"), "cam", CancellationToken.None);

        var video = await SourceProbe.ProbeRtspAsync(CaptureSource.Parse(server.Url), RequiredTool.Ffprobe(), NetworkTimeout, CancellationToken.None);

        Assert.Equal(new SourceVideo("h264", 320, 240, HasTimestamps: true), video);
        Assert.True(video.CanBeCopied);
    }

    [Fact]
    public async Task ProbeRtspAsync_CameraWithBFrames_IsEncodedNotCopied()
    {
        using var temp = new TempDirectory("probe-rtsp");
        var path = temp.Combine("bframes.mp4");
        var rendered = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-pix_fmt", "yuv420p", "-g", "10", path],
            CancellationToken.None);
        Assert.True(rendered.ExitCode == 0, rendered.ErrorTail());
        await using var server = await RtspTestServer.StartAsync(path, "cam", CancellationToken.None);

        var video = await SourceProbe.ProbeRtspAsync(CaptureSource.Parse(server.Url), RequiredTool.Ffprobe(), NetworkTimeout, CancellationToken.None);

        Assert.Equal(new SourceVideo("h264", 320, 240, HasTimestamps: false, ReordersFrames: true), video);
        Assert.False(video.CanBeCopied);
    }

    [Fact]
    public async Task ProbeAsync_RtspSource_ProbedLikeAFile()
    {
        using var temp = new TempDirectory("probe-rtsp");
        await using var server = await RtspTestServer.StartAsync(await RenderAsync(temp.Combine("cam.mp4"), "360x640"), "portrait", CancellationToken.None);

        var video = await SourceProbe.ProbeAsync(CaptureSource.Parse(server.Url), RequiredTool.Ffprobe(), NetworkTimeout, CancellationToken.None);

        Assert.Equal((360, 640), (video!.Width, video.Height));
        var options = new CaptureOptions { Source = CaptureSource.Parse(server.Url), OutputDirectory = temp.Combine("session"), Video = video };
        Assert.Equal((100, 180), options.AnalysisFrameSize);
    }

    [Fact]
    public async Task ProbeRtspAsync_UnknownStreamPath_OneLineNamingTheUrlWithThePasswordMasked()
    {
        using var temp = new TempDirectory("probe-rtsp");
        await using var server = await RtspTestServer.StartAsync(await RenderAsync(temp.Combine("cam.mp4"), "320x240"), "cam", CancellationToken.None);
        var url = $"rtsp://admin:s3cret@127.0.0.1:{server.Port}/wrong";

        var ex = await Assert.ThrowsAsync<SourceRejectedException>(() => SourceProbe.ProbeRtspAsync(CaptureSource.Parse(url), RequiredTool.Ffprobe(), NetworkTimeout, CancellationToken.None));

        Assert.Equal($"Cannot open rtsp source 'rtsp://admin:***@127.0.0.1:{server.Port}/wrong': Server returned 404 Not Found", ex.Message);
    }

    [Fact]
    public async Task ProbeRtspAsync_NothingListening_OneLineNamingTheUrlWithThePasswordMasked()
    {
        var port = ClosedPort();
        var url = $"rtsp://admin:s3cret@127.0.0.1:{port}/cam";

        var ex = await Assert.ThrowsAsync<SourceRejectedException>(() => SourceProbe.ProbeRtspAsync(CaptureSource.Parse(url), RequiredTool.Ffprobe(), NetworkTimeout, CancellationToken.None));

        Assert.Equal($"Cannot open rtsp source 'rtsp://admin:***@127.0.0.1:{port}/cam': Connection refused", ex.Message);
    }

    [Fact]
    public async Task ProbeRtspAsync_CameraAcceptsButNeverAnswers_RejectedNamingTheUrlInsteadOfHanging()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var url = $"rtsp://admin:s3cret@127.0.0.1:{port}/cam";

        // The caller never cancels: only the probe's own timeout can end it. The test's bound is generous (no speed claim).
        var probe = SourceProbe.ProbeRtspAsync(CaptureSource.Parse(url), RequiredTool.Ffprobe(), TimeSpan.FromSeconds(1), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SourceRejectedException>(() => probe.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.StartsWith($"Cannot open rtsp source 'rtsp://admin:***@127.0.0.1:{port}/cam': ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task ProbeAsync_Device_NotProbed()
    {
        var video = await SourceProbe.ProbeAsync(CaptureSource.Parse("/dev/video0"), "ffprobe-is-not-run", NetworkTimeout, CancellationToken.None);

        Assert.Null(video);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> RenderAsync(string path, string size)
    {
        var result = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=10", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10", path],
            CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.ErrorTail());
        return path;
    }
}

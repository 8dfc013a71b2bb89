using EdgeCam.Media.Capture;

namespace EdgeCam.Media.Tests.Capture;

[Trait("Category", "Unit")]
public sealed class CaptureCommandTests
{
    [Fact]
    public void BuildArguments_RealtimeFile_ReadsAtNativeRateWithTwoOutputs()
    {
        var options = Options(CaptureSource.Parse("/data/cam.mp4", realtime: true));

        var args = CaptureCommand.BuildArguments(options);

        Assert.Equal(["-re", "-i", "/data/cam.mp4"], args.SkipWhile(a => a != "-re").Take(3));
        AssertSegmentOutput(args);
        AssertFrameOutput(args);
    }

    [Fact]
    public void BuildArguments_FastLoopedFile_NoRealtimeFlagButStreamLoop()
    {
        var options = Options(CaptureSource.Parse("/data/cam.mp4", realtime: false, loop: true));

        var args = CaptureCommand.BuildArguments(options);

        Assert.DoesNotContain("-re", args);
        Assert.Equal(["-stream_loop", "-1", "-i", "/data/cam.mp4"], args.SkipWhile(a => a != "-stream_loop").Take(4));
    }

    [Fact]
    public void BuildArguments_Rtsp_TcpTransportAndTimeoutInMicroseconds()
    {
        var options = Options(CaptureSource.Parse("rtsp://user:pw@cam.local:554/stream")) with { NetworkTimeout = TimeSpan.FromSeconds(7) };

        var args = CaptureCommand.BuildArguments(options);

        Assert.Equal(["-rtsp_transport", "tcp"], args.SkipWhile(a => a != "-rtsp_transport").Take(2));
        Assert.Equal(["-timeout", "7000000"], args.SkipWhile(a => a != "-timeout").Take(2));
        Assert.Equal("rtsp://user:pw@cam.local:554/stream", args[args.ToList().IndexOf("-i") + 1]);
        Assert.DoesNotContain("-re", args);
        AssertSegmentOutput(args);
    }

    [Fact]
    public void BuildArguments_Device_V4l2WithH264Input()
    {
        var options = Options(CaptureSource.Parse("/dev/video0"));

        var args = CaptureCommand.BuildArguments(options);

        var input = args.ToList().IndexOf("-f");
        Assert.Equal(["-f", "v4l2", "-input_format", "h264", "-i", "/dev/video0"], args.Skip(input).Take(6));
        AssertFrameOutput(args);
    }

    [Fact]
    public void BuildArguments_RtspSubStreamForAnalysis_BothInputsOverTcpSegmentsMapMainFramesMapSub()
    {
        var options = Options(CaptureSource.Parse("rtsp://cam.local/main")) with { AnalysisSource = CaptureSource.Parse("rtsp://cam.local/sub") };

        var args = CaptureCommand.BuildArguments(options).ToList();

        var inputs = args.Select((a, i) => (a, i)).Where(p => p.a == "-i").Select(p => args[p.i + 1]).ToList();
        Assert.Equal(["rtsp://cam.local/main", "rtsp://cam.local/sub"], inputs);
        Assert.Equal(2, args.Count(a => a == "-rtsp_transport"));
        var maps = args.Select((a, i) => (a, i)).Where(p => p.a == "-map").Select(p => args[p.i + 1]).ToList();
        Assert.Equal(["0:v:0", "1:v:0"], maps);
        Assert.True(args.IndexOf("-map", args.IndexOf("-segment_list")) < args.IndexOf("pipe:1"), "the second map (the sub stream) feeds the frame pipe");
    }

    [Fact]
    public void Validate_LibcameraAsAnalysisSource_Throws()
    {
        var options = Options(CaptureSource.Parse("rtsp://cam.local/main")) with { AnalysisSource = CaptureSource.Parse("libcamera") };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("AnalysisSource", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildArguments_SegmentTimeTooShort_Throws()
    {
        var options = Options(CaptureSource.Parse("/a.mp4")) with { SegmentDuration = TimeSpan.FromMilliseconds(500) };

        var ex = Assert.Throws<ArgumentException>(() => CaptureCommand.BuildArguments(options));

        Assert.Equal("SegmentDuration", ex.ParamName);
    }

    [Fact]
    public void BuildArguments_ProbedMjpegPortraitFile_GeneratesTimestampsEncodesH264AndKeepsShape()
    {
        var options = Options(CaptureSource.Parse("/data/webcam.avi", realtime: false)) with
        {
            Video = new SourceVideo("mjpeg", 480, 640, HasTimestamps: true),
            Encoder = SegmentEncoder.X264,
        };

        var joined = string.Join(' ', CaptureCommand.BuildArguments(options));

        Assert.Contains("-fflags +genpts -i /data/webcam.avi", joined, StringComparison.Ordinal);
        Assert.Contains("-map 0:v:0 -c:v libx264 -preset ultrafast -tune zerolatency -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2) -f segment", joined, StringComparison.Ordinal);
        Assert.EndsWith("-vf fps=5,scale=134:180 -pix_fmt gray -f rawvideo pipe:1", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildArguments_ProbedH264FileWithTimestamps_StreamCopied()
    {
        var options = Options(CaptureSource.Parse("/data/cam.mp4")) with { Video = new SourceVideo("h264", 1920, 1080, HasTimestamps: true) };

        var args = CaptureCommand.BuildArguments(options);

        AssertSegmentOutput(args);
        AssertFrameOutput(args);
    }

    [Fact]
    public void BuildArguments_ColourFramesUrl_ThirdOutputOfFullSizeJpegsFlushedWholeAtTheRate()
    {
        var options = Options(CaptureSource.Parse("/data/cam.mp4", realtime: true)) with { ColourFramesUrl = "unix:/tmp/c.sock", ColourQuality = 6 };

        var args = CaptureCommand.BuildArguments(options);

        Assert.EndsWith(
            "-f rawvideo pipe:1 -map 0:v:0 -vf fps=1,format=yuvj420p -c:v mjpeg -threads 1 -q:v 6 -flush_packets 1 -f mpjpeg unix:/tmp/c.sock",
            string.Join(' ', args),
            StringComparison.Ordinal);
        AssertSegmentOutput(args);
    }

    private static CaptureOptions Options(CaptureSource source) => new()
    {
        Source = source,
        OutputDirectory = "/spool/cam1/s1",
        SegmentDuration = TimeSpan.FromSeconds(4),
        AnalysisWidth = 320,
        AnalysisHeight = 180,
        AnalysisFramesPerSecond = 5,
    };

    private static void AssertSegmentOutput(IReadOnlyList<string> args)
    {
        var joined = string.Join(' ', args);
        Assert.Contains("-map 0:v:0 -c copy -f segment -segment_time 4 -segment_format mpegts", joined, StringComparison.Ordinal);
        Assert.Contains("-segment_list /spool/cam1/s1/segments.csv -segment_list_type csv -reset_timestamps 1 /spool/cam1/s1/seg_%06d.ts", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("-strftime", args);
    }

    private static void AssertFrameOutput(IReadOnlyList<string> args)
    {
        var joined = string.Join(' ', args);
        Assert.EndsWith("-map 0:v:0 -vf fps=5,scale=320:180 -pix_fmt gray -f rawvideo pipe:1", joined, StringComparison.Ordinal);
    }
}

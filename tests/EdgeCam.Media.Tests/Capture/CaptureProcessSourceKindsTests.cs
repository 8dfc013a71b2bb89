using EdgeCam.Media.Capture;
using EdgeCam.Media.Clips;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Rtsp;

namespace EdgeCam.Media.Tests.Capture;

/// <summary>Cameras as they are: sources without timestamps, MJPEG, 4:3 and portrait, each captured by a real ffmpeg.</summary>
[Trait("Category", "Integration")]
public sealed class CaptureProcessSourceKindsTests
{
    [Fact]
    public async Task Start_Mpeg4AviWithBFramesWithoutTimestamps_RecordsH264SegmentsThatClip()
    {
        using var temp = new TempDirectory("capture-kinds");
        var source = await RenderAsync(temp.Combine("vtest.avi"), "320x240", ["-c:v", "mpeg4", "-bf", "2", "-g", "10"]);

        var (options, video) = await CaptureAsync(source, temp.Combine("session"));

        Assert.Equal(("mpeg4", false), (video.Codec, video.HasTimestamps));
        await AssertH264SegmentsCutIntoClipAsync(options, temp.Combine("clip.mp4"));
    }

    [Fact]
    public async Task Start_RawH264ElementaryStreamWithBFrames_RecordsSegmentsThatClip()
    {
        using var temp = new TempDirectory("capture-kinds");
        var source = await RenderAsync(temp.Combine("camera.h264"), "320x240", ["-c:v", "libx264", "-bf", "2", "-g", "10", "-f", "h264"]);

        var (options, video) = await CaptureAsync(source, temp.Combine("session"));

        Assert.Equal(("h264", false), (video.Codec, video.HasTimestamps));
        Assert.False(options.CopiesVideo);
        await AssertH264SegmentsCutIntoClipAsync(options, temp.Combine("clip.mp4"));
    }

    [Fact]
    public async Task Start_RtspCameraWithBFrames_EncodesSegmentsThatClip()
    {
        using var temp = new TempDirectory("capture-kinds");
        var file = await RenderAsync(temp.Combine("bframes.mp4"), "320x240", ["-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "10", "-pix_fmt", "yuv420p"]);
        await using var server = await RtspTestServer.StartAsync(file, "cam", CancellationToken.None);
        var camera = CaptureSource.Parse(server.Url);
        var video = await SourceProbe.ProbeRtspAsync(camera, RequiredTool.Ffprobe(), TimeSpan.FromSeconds(5), CancellationToken.None);
        var options = new CaptureOptions { Source = camera, OutputDirectory = temp.Combine("session"), SegmentDuration = TimeSpan.FromSeconds(1), Video = video, Encoder = SegmentEncoder.X264 };

        var frames = await CaptureUntilTheEndAsync(options);

        Assert.Equal(("h264", true, false), (video.Codec, video.ReordersFrames, options.CopiesVideo));
        Assert.True(frames > 5, $"{frames} analysis frames");
        await AssertH264SegmentsCutIntoClipAsync(options, temp.Combine("clip.mp4"));
    }

    [Fact]
    public async Task Start_MjpegAvi_RecordsH264SegmentsThatClip()
    {
        using var temp = new TempDirectory("capture-kinds");
        var source = await RenderAsync(temp.Combine("webcam.avi"), "320x240", ["-c:v", "mjpeg", "-q:v", "5"]);

        var (options, video) = await CaptureAsync(source, temp.Combine("session"));

        Assert.Equal("mjpeg", video.Codec);
        Assert.False(options.CopiesVideo);
        await AssertH264SegmentsCutIntoClipAsync(options, temp.Combine("clip.mp4"));
    }

    [Theory]
    [InlineData("640x480", 240, 180)]
    [InlineData("360x640", 100, 180)]
    public async Task Start_NonWideSource_AnalysisFramesKeepTheShape(string size, int width, int height)
    {
        using var temp = new TempDirectory("capture-kinds");
        var source = await RenderAsync(temp.Combine("shape.mp4"), size, ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);

        var (options, frames) = await CaptureFramesAsync(source, temp.Combine("session"));

        Assert.Equal((width, height), options.AnalysisFrameSize);
        Assert.InRange(frames.Count, 14, 16);
        Assert.All(frames, f => Assert.Equal((width, height), f));
    }

    [Fact]
    public async Task Start_RotatedPhoneVideo_AnalysisFramesUpright()
    {
        using var temp = new TempDirectory("capture-kinds");
        var landscape = await RenderAsync(temp.Combine("coded.mp4"), "640x360", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]);
        var rotated = temp.Combine("phone.mp4");
        var tagged = await ToolRunner.RunAsync(RequiredTool.Ffmpeg(), ["-v", "error", "-y", "-i", landscape, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated], CancellationToken.None);
        Assert.True(tagged.ExitCode == 0, tagged.ErrorTail());

        var (options, frames) = await CaptureFramesAsync(rotated, temp.Combine("session"));

        Assert.Equal((100, 180), options.AnalysisFrameSize);
        Assert.InRange(frames.Count, 14, 16);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        var first = Path.Combine(options.OutputDirectory, "seg_000000.ts");
        var upright = await ToolRunner.RunAsync(RequiredTool.Ffprobe(), ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", first], CancellationToken.None);
        Assert.Equal("360,640", upright.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim());
        Assert.Equal("h264", await probe.ReadVideoCodecAsync(first, CancellationToken.None));
    }

    private static async Task<string> RenderAsync(string path, string size, IReadOnlyList<string> codec)
    {
        var ffmpeg = RequiredTool.Ffmpeg();
        var result = await ToolRunner.RunAsync(
            ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=10", "-t", "3", .. codec, path], CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.ErrorTail());
        return path;
    }

    private static async Task<(CaptureOptions Options, SourceVideo Video)> CaptureAsync(string path, string directory)
    {
        var (options, frames) = await CaptureFramesAsync(path, directory);
        Assert.InRange(frames.Count, 14, 16);
        return (options, options.Video!);
    }

    private static async Task<(CaptureOptions Options, List<(int Width, int Height)> Frames)> CaptureFramesAsync(string path, string directory)
    {
        RequiredTool.Ffmpeg();
        var source = CaptureSource.Parse(path, realtime: false);
        var options = new CaptureOptions
        {
            Source = source,
            OutputDirectory = directory,
            SegmentDuration = TimeSpan.FromSeconds(1),
            Video = await SourceProbe.ProbeFileAsync(source, RequiredTool.Ffprobe(), CancellationToken.None),
            Encoder = SegmentEncoder.X264,
        };
        var frames = new List<(int, int)>();
        await using var process = CaptureProcess.Start(options);
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            using (frame)
            {
                frames.Add((frame.Width, frame.Height));
            }
        }

        var exit = await process.Completion;
        Assert.True(exit.Reason == CaptureExitReason.EndOfStream, exit.Error);
        return (options, frames);
    }

    // An RTSP session ends when the server's file does; the capture process then ends too.
    private static async Task<int> CaptureUntilTheEndAsync(CaptureOptions options)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var frames = 0;
        await using var process = CaptureProcess.Start(options);
        await foreach (var frame in process.Frames.ReadAllAsync(bounded.Token))
        {
            using (frame)
            {
                frames++;
            }
        }

        await process.Completion.WaitAsync(bounded.Token);
        return frames;
    }

    private static async Task AssertH264SegmentsCutIntoClipAsync(CaptureOptions options, string clipPath)
    {
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        var segments = File.ReadAllLines(Path.Combine(options.OutputDirectory, options.SegmentListFileName))
            .Select(line => Path.Combine(options.OutputDirectory, line.Split(',')[0]))
            .ToList();
        Assert.InRange(segments.Count, 2, 4);
        foreach (var segment in segments)
        {
            Assert.Equal("h264", await probe.ReadVideoCodecAsync(segment, CancellationToken.None));
        }

        var keyframes = await probe.ReadKeyframesAsync(segments[1], CancellationToken.None);
        var parts = segments.Select((s, i) => new ConcatPart(s, InpointSeconds: i == 1 ? keyframes.Keyframes[0].DecodeSeconds : null)).Skip(1).ToList();
        await new ConcatClipWriter(probe, RequiredTool.Ffmpeg()).WriteAsync(parts, clipPath, CancellationToken.None);

        var times = await probe.ReadTimesAsync(clipPath, CancellationToken.None);
        Assert.InRange(times.DurationSeconds, 0.5, 2.5);
    }
}

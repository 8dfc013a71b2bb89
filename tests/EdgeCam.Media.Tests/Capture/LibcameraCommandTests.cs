using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Tools;

namespace EdgeCam.Media.Tests.Capture;

public sealed class LibcameraCommandTests
{
    [Fact]
    public void FindTool_BothInstalled_PrefersRpicamVid()
    {
        using var temp = new TempDirectory("tools");
        var old = FakeCameraTool.WriteScript(temp.Combine("a"), "libcamera-vid", "exit 0");
        var current = FakeCameraTool.WriteScript(temp.Combine("b"), "rpicam-vid", "exit 0");

        var tool = LibcameraCommand.FindTool(temp.Combine("a") + Path.PathSeparator + temp.Combine("b"));

        Assert.Equal(current, tool);
        Assert.NotEqual(old, tool);
    }

    [Fact]
    public void FindTool_OnlyLibcameraVid_FallsBackToIt()
    {
        using var temp = new TempDirectory("tools");
        var old = FakeCameraTool.WriteScript(temp.Path, "libcamera-vid", "exit 0");

        Assert.Equal(old, LibcameraCommand.FindTool(temp.Path));
    }

    [Fact]
    public void FindTool_NeitherInstalled_ThrowsNamingBoth()
    {
        using var temp = new TempDirectory("tools");

        var ex = Assert.Throws<MediaToolNotFoundException>(() => LibcameraCommand.FindTool(temp.Path));

        Assert.Contains("rpicam-vid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libcamera-vid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildArguments_CameraOneAt720p15_InlineH264ToStdout()
    {
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse("libcamera:1"),
            OutputDirectory = "/tmp/s",
            CaptureWidth = 1280,
            CaptureHeight = 720,
            CaptureFramesPerSecond = 15,
        };

        var args = LibcameraCommand.BuildArguments(options);

        Assert.Equal(
            ["-t", "0", "--nopreview", "--inline", "--codec", "h264", "--camera", "1", "--framerate", "15", "--intra", "30", "--width", "1280", "--height", "720", "-o", "-"],
            args);
    }

    [Fact]
    public void BuildArguments_FfmpegForLibcamera_ReadsH264FromStdinAndCopies()
    {
        var options = new CaptureOptions { Source = CaptureSource.Parse("libcamera"), OutputDirectory = "/tmp/s" };

        var args = CaptureCommand.BuildArguments(options).ToList();

        var input = args.IndexOf("-f");
        Assert.Equal(["-f", "h264", "-framerate", "15", "-i", "pipe:0"], args.Skip(input).Take(6));
        Assert.Equal("copy", args[args.IndexOf("-c") + 1]);
    }

    [Fact]
    public void BuildArguments_RawDevice_EncodesWithX264Ultrafast()
    {
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse("/dev/video2"),
            OutputDirectory = "/tmp/s",
            InputFormat = "yuyv422",
            CaptureWidth = 640,
            CaptureHeight = 480,
            CaptureFramesPerSecond = 10,
            Encoder = SegmentEncoder.X264,
        };

        var args = CaptureCommand.BuildArguments(options).ToList();

        var input = args.IndexOf("-f");
        Assert.Equal(["-f", "v4l2", "-input_format", "yuyv422", "-video_size", "640x480", "-framerate", "10", "-i", "/dev/video2"], args.Skip(input).Take(10));
        Assert.DoesNotContain("copy", args);
        Assert.Equal("ultrafast", args[args.IndexOf("-preset") + 1]);
        Assert.Equal("expr:gte(t,n_forced*2)", args[args.IndexOf("-force_key_frames") + 1]);
        Assert.Equal("scale=240:180", args[args.IndexOf("-vf") + 1].Split(',')[1]);
    }

    [Theory]
    [InlineData("libcamera", 0)]
    [InlineData("libcamera:2", 2)]
    public void Parse_Libcamera_KindAndCameraIndex(string text, int index)
    {
        var source = CaptureSource.Parse(text);

        Assert.Equal(CaptureSourceKind.Libcamera, source.Kind);
        Assert.Equal(index, source.CameraIndex);
        Assert.True(source.IsLive);
        Assert.False(source.IsFinite);
    }
}

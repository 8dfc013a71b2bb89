using EdgeCam.Media.Processes;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;

namespace EdgeCam.DevKit.Tests.Synthetic;

public sealed class SyntheticClipTests
{
    [Fact]
    [Trait("Category", "Unit")]
    public void BuildArguments_Defaults_FixedOneSecondGopAndCappedBitrate()
    {
        var args = SyntheticClip.BuildArguments("/tmp/x.mp4", new SyntheticClipOptions());

        var joined = string.Join(' ', args);
        Assert.Contains("-g 15 -keyint_min 15 -sc_threshold 0", joined, StringComparison.Ordinal);
        Assert.Contains("-b:v 1000k -maxrate 1000k -bufsize 1000k", joined, StringComparison.Ordinal);
        Assert.Contains("enable='between(t,4,7)'", joined, StringComparison.Ordinal);
        Assert.Equal("/tmp/x.mp4", args[^1]);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void BuildArguments_IntervalBeyondDuration_ThrowsNamingIt()
    {
        var options = new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(5), MotionIntervals = [MotionInterval.FromSeconds(4, 7)] };

        var ex = Assert.Throws<ArgumentException>(() => SyntheticClip.BuildArguments("/tmp/x.mp4", options));

        Assert.Equal(nameof(SyntheticClipOptions.MotionIntervals), ex.ParamName);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task GenerateAsync_ShortClip_HasTheFrameCountSizeAndKeyframeEverySecond()
    {
        RequiredTool.Ffmpeg();
        var ffprobe = RequiredTool.Ffprobe();
        using var temp = new TempDirectory("synthetic");
        var options = new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(4), MotionIntervals = [MotionInterval.FromSeconds(1, 2.5)] };

        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), options, CancellationToken.None);

        Assert.Equal(60, clip.FrameCount);
        Assert.Equal(options.MotionIntervals, clip.MotionIntervals);
        var stream = await ToolRunner.RunAsync(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_frames", "-of", "csv=p=0", clip.Path], CancellationToken.None);
        var frames = await ToolRunner.RunAsync(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame", "-of", "csv=p=0", clip.Path], CancellationToken.None);
        Assert.Equal("640,360,60", stream.StandardOutput.Trim());
        var keyFrames = frames.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith('1'));
        Assert.Equal(4, keyFrames);
    }
}

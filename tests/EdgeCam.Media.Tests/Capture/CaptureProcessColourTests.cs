using EdgeCam.DevKit.Synthetic;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Frames;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Capture;

/// <summary>The capture process's colour output, on real ffmpeg.</summary>
[Trait("Category", "Integration")]
public sealed class CaptureProcessColourTests
{
    [Fact]
    public async Task Start_ColourFramesOnAFastFile_OneFullSizeJpegPerSecondOnTheStreamClock()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("colour");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(6), MotionIntervals = [MotionInterval.FromSeconds(2, 4)] }, CancellationToken.None);
        var options = new CaptureOptions { Source = CaptureSource.Parse(clip.Path, realtime: false), OutputDirectory = temp.Combine("session"), ColourFrames = true };

        await using var process = CaptureProcess.Start(options);
        var colour = ReadAllAsync(process);
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
        }

        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var jpegs = await colour.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(CaptureExitReason.EndOfStream, exit.Reason);
        Assert.StartsWith("unix:", process.Options.ColourFramesUrl, StringComparison.Ordinal);
        Assert.InRange(jpegs.Count, 5, 7);
        Assert.Equal(Enumerable.Range(0, jpegs.Count).Select(i => TimeSpan.FromSeconds(i)), jpegs.Select(j => j.Timestamp));
        var first = temp.Combine("first.jpg");
        await File.WriteAllBytesAsync(first, jpegs[0].Jpeg.ToArray());
        var probe = await EdgeCam.Testing.Tools.ColourJpeg.ProbeAsync(first);
        Assert.Equal(("yuvj420p", "640", "360"), (probe["pix_fmt"], probe["width"], probe["height"]));
        Assert.False(File.Exists(process.Options.ColourFramesUrl![5..]), "the socket file is removed");
    }

    [Fact]
    public async Task Start_ColourFramesAndASourceFfmpegCannotOpen_ProcessAndColourStreamBothEnd()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("colourfail");
        var options = new CaptureOptions { Source = CaptureSource.Parse(temp.Combine("missing.mp4"), realtime: false), OutputDirectory = temp.Combine("session"), ColourFrames = true };

        await using var process = CaptureProcess.Start(options);
        var colour = ReadAllAsync(process);
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
        }

        var exit = await process.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        var jpegs = await colour.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(CaptureExitReason.SourceUnavailable, exit.Reason);
        Assert.Empty(jpegs);
    }

    private static async Task<List<ColourFrame>> ReadAllAsync(CaptureProcess process)
    {
        var frames = new List<ColourFrame>();
        await foreach (var frame in process.ColourFrames.ReadAllAsync())
        {
            frames.Add(frame);
        }

        return frames;
    }
}

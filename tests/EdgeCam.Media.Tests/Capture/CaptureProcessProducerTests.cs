using EdgeCam.Media.Capture;
using EdgeCam.Testing;
using EdgeCam.Testing.Tools;

namespace EdgeCam.Media.Tests.Capture;

/// <summary>A libcamera source against a fake <c>rpicam-vid</c> that streams a real H.264 file, and a fake ffmpeg with a corrupt frame size.</summary>
[Trait("Category", "Integration")]
public sealed class CaptureProcessProducerTests
{
    [Fact]
    public async Task Start_ProducerStreamsThenCrashes_FramesThenInterruptedNamingTool()
    {
        using var temp = new TempDirectory("producer");
        var clip = await FakeCameraTool.GenerateH264Async(temp.Combine("cam.h264"), TimeSpan.FromSeconds(3), CancellationToken.None);
        FakeCameraTool.WriteScript(temp.Combine("bin"), "rpicam-vid", $"cat '{clip}'\necho 'ERROR: camera frontend has timed out!' >&2\nexit 3");
        var options = Options(temp);

        await using var process = CaptureProcess.Start(options);
        var frames = await CountFramesAsync(process);
        var exit = await process.Completion;

        Assert.InRange(frames, 10, 20);
        Assert.Equal(CaptureExitReason.Interrupted, exit.Reason);
        Assert.Contains("rpicam-vid exited with code 3: ERROR: camera frontend has timed out!", exit.Error, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(options.OutputDirectory, "seg_*.ts"));
    }

    [Fact]
    public async Task Start_ProducerEndsCleanly_EndOfStreamWithSegments()
    {
        using var temp = new TempDirectory("producer");
        var clip = await FakeCameraTool.GenerateH264Async(temp.Combine("cam.h264"), TimeSpan.FromSeconds(2), CancellationToken.None);
        FakeCameraTool.WriteScript(temp.Combine("bin"), "rpicam-vid", $"cat '{clip}'");
        var options = Options(temp);

        await using var process = CaptureProcess.Start(options);
        var frames = await CountFramesAsync(process);
        var exit = await process.Completion;

        Assert.InRange(frames, 8, 12);
        Assert.Equal(CaptureExitReason.EndOfStream, exit.Reason);
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, "segments.csv")));
    }

    [Fact]
    public async Task StopAsync_ProducerRunsForever_KillsProducerAndStops()
    {
        using var temp = new TempDirectory("producer");
        var clip = await FakeCameraTool.GenerateH264Async(temp.Combine("cam.h264"), TimeSpan.FromSeconds(1), CancellationToken.None);
        FakeCameraTool.WriteScript(temp.Combine("bin"), "rpicam-vid", $"while true; do cat '{clip}'; sleep 1; done");
        await using var process = CaptureProcess.Start(Options(temp));
        await process.Frames.ReadAsync();

        var exit = await process.StopAsync(CancellationToken.None);

        Assert.Equal(CaptureExitReason.Stopped, exit.Reason);
    }

    [Fact]
    public async Task Start_FfmpegWritesWrongFrameSize_InterruptedWithClearError()
    {
        using var temp = new TempDirectory("corrupt");
        var fake = FakeCameraTool.WriteScript(temp.Combine("bin"), "ffmpeg", "head -c 58600 /dev/zero\nexit 0");
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse("/dev/video0"),
            OutputDirectory = temp.Combine("session"),
            FfmpegPath = fake,
        };

        await using var process = CaptureProcess.Start(options);
        var frames = await CountFramesAsync(process);
        var exit = await process.Completion;

        Assert.Equal(1, frames);
        Assert.Equal(CaptureExitReason.Interrupted, exit.Reason);
        Assert.Contains("ended inside a frame (1000 of 57600 bytes for 320x180 gray)", exit.Error, StringComparison.Ordinal);
    }

    private static CaptureOptions Options(TempDirectory temp) => new()
    {
        Source = CaptureSource.Parse("libcamera"),
        OutputDirectory = temp.Combine("session"),
        SegmentDuration = TimeSpan.FromSeconds(1),
        AnalysisFramesPerSecond = 5,
        ToolSearchPath = temp.Combine("bin"),
    };

    private static async Task<int> CountFramesAsync(CaptureProcess process)
    {
        var frames = 0;
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
            frames++;
        }

        return frames;
    }
}

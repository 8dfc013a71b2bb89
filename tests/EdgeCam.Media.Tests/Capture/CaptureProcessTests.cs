using System.Diagnostics;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.Media.Tests.Capture;

[Trait("Category", "Integration")]
public sealed class CaptureProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_SyntheticClipPlayedFast_DeliversEveryFrameAndReadableSegments()
    {
        RequiredTool.Ffmpeg();
        var ffprobe = RequiredTool.Ffprobe();
        using var temp = new TempDirectory("capture");
        var watch = Stopwatch.StartNew();
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12) }, CancellationToken.None);
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse(clip.Path, realtime: false),
            OutputDirectory = temp.Combine("session"),
            SegmentDuration = TimeSpan.FromSeconds(2),
            FrameQueueCapacity = 2,
        };

        await using var process = CaptureProcess.Start(options);
        var frames = 0;
        var lastIndex = -1L;
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            using (frame)
            {
                Assert.Equal(320 * 180, frame.Pixels.Length);
                Assert.Equal(lastIndex + 1, frame.Index);
                lastIndex = frame.Index;
                frames++;

                // A slow consumer: with a file played fast the queue must wait, not drop.
                if (frames % 10 == 0)
                {
                    await Task.Delay(20);
                }
            }
        }

        var exit = await process.Completion;
        output.WriteLine($"generate + capture: {watch.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(CaptureExitReason.EndOfStream, exit.Reason);
        Assert.InRange(frames, 59, 61);
        Assert.Equal(0, exit.FramesDropped);
        Assert.Equal(TimeSpan.FromSeconds(lastIndex / 5.0), TimeSpan.FromSeconds(lastIndex * 0.2));
        var list = File.ReadAllLines(Path.Combine(options.OutputDirectory, "segments.csv"));
        Assert.InRange(list.Length, 5, 7);
        foreach (var line in list)
        {
            var name = line.Split(',')[0];
            Assert.Matches("^seg_\\d{6}\\.ts$", name);
            var probe = await ToolRunner.RunAsync(ffprobe, ["-v", "error", "-show_entries", "format=format_name", "-of", "csv=p=0", Path.Combine(options.OutputDirectory, name)], CancellationToken.None);
            Assert.Equal(0, probe.ExitCode);
            Assert.Equal("mpegts", probe.StandardOutput.Trim());
        }
    }

    [Fact]
    public async Task Start_NonexistentFile_SourceUnavailableWithOneLineErrorNamingIt()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("capture");
        var missing = temp.Combine("no-such-camera.mp4");
        var options = new CaptureOptions { Source = CaptureSource.Parse(missing), OutputDirectory = temp.Combine("session") };

        await using var process = CaptureProcess.Start(options);
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
        }

        var exit = await process.Completion;

        Assert.Equal(CaptureExitReason.SourceUnavailable, exit.Reason);
        Assert.Equal($"Cannot open file source '{missing}': No such file or directory", exit.Error);
        Assert.NotEqual(0, exit.ExitCode);
    }

    [Fact]
    public async Task Start_UnreachableRtspWithPassword_ErrorMasksCredentials()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("capture");
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse("rtsp://admin:s3cret@127.0.0.1:9/stream"),
            OutputDirectory = temp.Combine("session"),
            NetworkTimeout = TimeSpan.FromSeconds(2),
        };

        await using var process = CaptureProcess.Start(options);
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
        }

        var exit = await process.Completion;

        Assert.Equal(CaptureExitReason.SourceUnavailable, exit.Reason);
        Assert.StartsWith("Cannot open rtsp source 'rtsp://admin:***@127.0.0.1:9/stream': ", exit.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", exit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_RealtimeLoopedFile_StopsPromptlyAndClosesTheSegmentList()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("capture");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions { Width = 320, Height = 180, Duration = TimeSpan.FromSeconds(3), MotionIntervals = [] }, CancellationToken.None);
        var options = new CaptureOptions
        {
            Source = CaptureSource.Parse(clip.Path, realtime: true, loop: true),
            OutputDirectory = temp.Combine("session"),
            SegmentDuration = TimeSpan.FromSeconds(1),
        };
        await using var process = CaptureProcess.Start(options);
        var frames = 0;
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            frame.Dispose();
            if (++frames == 12)
            {
                break;
            }
        }

        var exit = await process.StopAsync(CancellationToken.None);

        Assert.Equal(CaptureExitReason.Stopped, exit.Reason);
        Assert.NotEmpty(File.ReadAllLines(Path.Combine(options.OutputDirectory, "segments.csv")));
    }
}

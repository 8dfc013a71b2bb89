using EdgeCam.DevKit.Synthetic;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Capture;

[Trait("Category", "Integration")]
public sealed class CaptureProcessAnalysisSourceTests
{
    [Fact]
    public async Task Start_AnalysisSourceSubStream_SegmentsFromMainFramesShapedLikeSub()
    {
        RequiredTool.Ffmpeg();
        var ffprobe = RequiredTool.Ffprobe();
        using var temp = new TempDirectory("capture-sub");
        var main = await SyntheticClip.GenerateAsync(temp.Combine("main.mp4"), new SyntheticClipOptions { Width = 1280, Height = 720, Duration = TimeSpan.FromSeconds(8) }, CancellationToken.None);
        // A 4:3 sub stream, so the analysis frames' shape tells which input they came from (16:9 main gives 320x180).
        var sub = await SyntheticClip.GenerateAsync(temp.Combine("sub.mp4"), new SyntheticClipOptions { Width = 640, Height = 480, Duration = TimeSpan.FromSeconds(8) }, CancellationToken.None);
        var mainSource = CaptureSource.Parse(main.Path, realtime: false);
        var subSource = CaptureSource.Parse(sub.Path, realtime: false);
        var options = new CaptureOptions
        {
            Source = mainSource,
            Video = await SourceProbe.ProbeFileAsync(mainSource, ffprobe, CancellationToken.None),
            AnalysisSource = subSource,
            AnalysisVideo = await SourceProbe.ProbeFileAsync(subSource, ffprobe, CancellationToken.None),
            OutputDirectory = temp.Combine("session"),
            SegmentDuration = TimeSpan.FromSeconds(2),
        };

        await using var process = CaptureProcess.Start(options);
        var frames = 0;
        await foreach (var frame in process.Frames.ReadAllAsync())
        {
            using (frame)
            {
                Assert.Equal(240 * 180, frame.Pixels.Length);
                frames++;
            }
        }

        var exit = await process.Completion;

        Assert.Equal(CaptureExitReason.EndOfStream, exit.Reason);
        Assert.InRange(frames, 39, 41);
        var first = File.ReadAllLines(Path.Combine(options.OutputDirectory, "segments.csv"))[0].Split(',')[0];
        var size = await ToolRunner.RunAsync(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", Path.Combine(options.OutputDirectory, first)], CancellationToken.None);
        Assert.Equal("1280,720", size.StandardOutput.Split('\n')[0].Trim());
    }
}

using System.Diagnostics;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.Media.Capture;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Capture;

[Trait("Category", "Integration")]
public sealed class SyntheticDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DetectorAndTracker_SyntheticClipWithMotionFrom4To7s_ExactlyOneEventStartingWithin1sOfTruth()
    {
        RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("detect");
        var watch = Stopwatch.StartNew();
        var clip = await SyntheticClip.GenerateAsync(
            temp.Combine("clip.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(12), MotionIntervals = [MotionInterval.FromSeconds(4, 7)] },
            CancellationToken.None);
        var detector = new MotionDetector(320, 180, new MotionDetectorOptions());
        var tracker = new MotionEventTracker(new MotionEventTrackerOptions { EventGap = TimeSpan.FromSeconds(2) });
        var started = new List<MotionEventStart>();
        var ended = new List<MotionEventEnd>();

        await using (var process = CaptureProcess.Start(new CaptureOptions { Source = CaptureSource.Parse(clip.Path, realtime: false), OutputDirectory = temp.Combine("s") }))
        {
            await foreach (var frame in process.Frames.ReadAllAsync())
            {
                using (frame)
                {
                    var step = tracker.Observe(frame.Timestamp, detector.Process(frame.Pixels));
                    AddIfAny(started, step.Started);
                    AddIfAny(ended, step.Ended);
                }
            }

            Assert.Equal(CaptureExitReason.EndOfStream, (await process.Completion).Reason);
        }

        AddIfAny(ended, tracker.Flush());
        output.WriteLine($"generate + capture + detect: {watch.Elapsed.TotalSeconds:0.00} s; events: {string.Join(", ", ended)}");

        var truth = clip.MotionIntervals[0];
        var start = Assert.Single(started);
        var end = Assert.Single(ended);
        Assert.InRange(start.Start, truth.Start - TimeSpan.FromSeconds(1), truth.Start + TimeSpan.FromSeconds(1));
        Assert.InRange(end.End, truth.End - TimeSpan.FromSeconds(1), truth.End + TimeSpan.FromSeconds(1));
        Assert.NotEmpty(start.Regions);
    }

    private static void AddIfAny<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }
}

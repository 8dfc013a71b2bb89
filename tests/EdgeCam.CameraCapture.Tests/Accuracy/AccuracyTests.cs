using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Accuracy;

/// <summary>
/// The detector with its default settings on synthetic clips through the real capture path (ffmpeg gray frames →
/// detector → tracker). An event is a true positive when it overlaps an object's visible interval; recall counts the
/// objects some event overlapped; onset latency is event start − object start. Goals: recall 1.0, precision ≥ 0.95,
/// no event at all from the disturbance clips.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DetectorDefaults_AccuracyClips_RecallOnePrecisionAtLeast95PercentNoDisturbanceEvents()
    {
        var ffmpeg = RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("accuracy");
        var watch = Stopwatch.StartNew();
        var clips = AccuracyClips.All;
        var rendered = await Task.WhenAll(clips.Select(async (clip, i) =>
        {
            var path = temp.Combine($"clip{i}.mp4");
            var result = await ToolRunner.RunAsync(ffmpeg, clip.FfmpegArguments(path), CancellationToken.None);
            Assert.True(result.ExitCode == 0, $"{clip.Name}: {result.ErrorTail()}");
            return path;
        }));
        var scores = new List<ClipScore>();
        for (var i = 0; i < clips.Count; i++)
        {
            scores.Add(Score(clips[i], await DetectAsync(rendered[i], temp.Combine($"s{i}"))));
        }

        var table = Table(scores, watch.Elapsed);
        output.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "accuracy-table.txt"), table);

        var truePositives = scores.Sum(s => s.TruePositives);
        var events = scores.Sum(s => s.Events);
        Assert.Equal(scores.Sum(s => s.Objects), scores.Sum(s => s.Found));
        Assert.True(truePositives >= 0.95 * events, $"precision {(double)truePositives / events:0.00}");
        Assert.All(scores.Where(s => s.Clip.Disturbance), s => Assert.True(s.Events == 0, $"{s.Clip.Name}: {s.Events} events"));
    }

    private static async Task<(List<MotionEventEnd> Events, int MotionFrames)> DetectAsync(string clip, string sessionDirectory)
    {
        var detector = new MotionDetector(AccuracyClip.Width, AccuracyClip.Height, new MotionDetectorOptions());
        var motionFrames = 0;
        var tracker = new MotionEventTracker(new MotionEventTrackerOptions { EventGap = TimeSpan.FromSeconds(2) });
        var events = new List<MotionEventEnd>();
        await using (var process = CaptureProcess.Start(new CaptureOptions { Source = CaptureSource.Parse(clip, realtime: false), OutputDirectory = sessionDirectory }))
        {
            await foreach (var frame in process.Frames.ReadAllAsync())
            {
                using (frame)
                {
                    var result = detector.Process(frame.Pixels);
                    motionFrames += result.IsMotion ? 1 : 0;
                    if (tracker.Observe(frame.Timestamp, result).Ended is { } ended)
                    {
                        events.Add(ended);
                    }
                }
            }

            await process.Completion;
        }

        if (tracker.Flush() is { } open)
        {
            events.Add(open);
        }

        return (events, motionFrames);
    }

    private static ClipScore Score(AccuracyClip clip, (List<MotionEventEnd> Events, int MotionFrames) detected)
    {
        var events = detected.Events;
        static bool Overlaps(MotionEventEnd e, MovingObject o) => e.Start.TotalSeconds < o.End && e.End.TotalSeconds >= o.Start;
        var truePositives = events.Count(e => clip.Objects.Any(o => Overlaps(e, o)));
        var latencies = clip.Objects
            .Select(o => events.Where(e => Overlaps(e, o)).Select(e => e.Start.TotalSeconds - o.Start).DefaultIfEmpty(double.NaN).Min())
            .ToList();
        return new ClipScore(clip, events.Count, truePositives, clip.Objects.Count, latencies.Count(l => !double.IsNaN(l)), latencies.Where(l => !double.IsNaN(l)).DefaultIfEmpty(double.NaN).Max(), detected.MotionFrames);
    }

    private static string Table(List<ClipScore> scores, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("| clip | objects | events | true pos. | precision | recall | onset latency (max, s) | motion frames |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in scores)
        {
            var precision = s.Events == 0 ? (s.Clip.Disturbance ? "— (none, as required)" : "—") : (s.TruePositives / (double)s.Events).ToString("0.00", CultureInfo.InvariantCulture);
            var recall = s.Objects == 0 ? "—" : (s.Found / (double)s.Objects).ToString("0.00", CultureInfo.InvariantCulture);
            var latency = double.IsNaN(s.MaxLatency) ? "—" : s.MaxLatency.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Clip.Name} | {s.Objects} | {s.Events} | {s.TruePositives} | {precision} | {recall} | {latency} | {s.MotionFrames} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"render + capture + detect: {elapsed.TotalSeconds:0.0} s");
        return text.ToString();
    }

    private sealed record ClipScore(AccuracyClip Clip, int Events, int TruePositives, int Objects, int Found, double MaxLatency, int MotionFrames);
}

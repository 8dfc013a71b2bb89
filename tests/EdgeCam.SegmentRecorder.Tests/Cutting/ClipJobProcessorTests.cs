using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Motion;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Settings;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.SegmentRecorder.Tests.Cutting;

[Trait("Category", "Integration")]
public sealed class ClipJobProcessorTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset Started = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("jobs");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ProcessAsync_300sEventWithMax120_CutsThreeClipsCoveringItWithoutGaps()
    {
        var volume = new SharedVolume(_dir.Path);
        await SpoolWriter.RecordAsync(volume, new CaptureSession("cam1", "s1", Started, 2, Started.AddSeconds(316)), seconds: 316);
        var index = new SegmentIndex(volume);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        var processor = new ClipJobProcessor(index, new ClipCutter(volume, probe, new ConcatClipWriter(probe, RequiredTool.Ffmpeg())), new ManualTimeProvider(Started.AddHours(1)));
        var motion = new MotionEnded("cam1", "evt-long", Started.AddSeconds(10), Started.AddSeconds(310), 0.5, 4500);
        var settings = new SegmentRecorderSettings { PreRollSeconds = 5, PostRollSeconds = 5, MaxClipSeconds = 120 }; // event window 5..315 s

        var outcomes = new List<ClipOutcome>();
        await foreach (var outcome in processor.ProcessAsync(motion, settings, CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        var clips = outcomes.Select(o => o.Clip ?? throw new InvalidOperationException(o.Error)).ToList();
        Assert.Equal(["evt-long", "evt-long.part2", "evt-long.part3"], clips.Select(c => c.EventId));
        Assert.Equal(["clips/cam1/evt-long.mp4", "clips/cam1/evt-long.part2.mp4", "clips/cam1/evt-long.part3.mp4"], clips.Select(c => c.ClipPath));
        Assert.Equal([1, 2, 3], clips.Select(c => c.Part));
        Assert.Equal([false, false, true], clips.Select(c => c.LastPart));
        Assert.True(clips[0].Start <= Started.AddSeconds(5), $"the first clip starts at {clips[0].Start:O}, after the pre-roll");
        Assert.True(clips[^1].End >= Started.AddSeconds(315 - 0.1), $"the last clip ends at {clips[^1].End:O}, before the post-roll");
        Assert.All(clips.Zip(clips.Skip(1)), p => Assert.True(p.Second.Start <= p.First.End, $"gap between {p.First.EventId} (end {p.First.End:O}) and {p.Second.EventId} (start {p.Second.Start:O})"));
        Assert.All(clips, c => Assert.InRange(c.Duration.TotalSeconds, 1, 120));
        Assert.All(clips, c => Assert.True(File.Exists(volume.Resolve(c.ClipPath))));
        foreach (var c in clips)
        {
            output.WriteLine($"{c.EventId}: {(c.Start - Started).TotalSeconds:0.000} .. {(c.End - Started).TotalSeconds:0.000} s ({c.Duration.TotalSeconds:0.000} s)");
        }
    }

    [Fact]
    public async Task ProcessAsync_ResumedAtPart2_CutsTheSamePartsAsTheWholeRunFromThere()
    {
        var volume = new SharedVolume(_dir.Path);
        await SpoolWriter.RecordAsync(volume, new CaptureSession("cam1", "s1", Started, 2, Started.AddSeconds(80)), seconds: 80);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        var processor = new ClipJobProcessor(new SegmentIndex(volume), new ClipCutter(volume, probe, new ConcatClipWriter(probe, RequiredTool.Ffmpeg())), new ManualTimeProvider(Started.AddHours(1)));
        var motion = new MotionEnded("cam1", "evt-resume", Started.AddSeconds(10), Started.AddSeconds(70), 0.5, 900);
        var settings = new SegmentRecorderSettings { PreRollSeconds = 5, PostRollSeconds = 5, MaxClipSeconds = 30 }; // window 5..75 s
        var whole = new List<ClipOutcome>();
        await foreach (var outcome in processor.ProcessAsync(motion, settings, CancellationToken.None))
        {
            whole.Add(outcome);
        }

        var resumed = new List<ClipOutcome>();
        await foreach (var outcome in processor.ProcessAsync(motion, settings, 2, whole[0].Next, CancellationToken.None))
        {
            resumed.Add(outcome);
        }

        Assert.Equal([1, 2, 3], whole.Select(o => o.Part));
        Assert.Equal(Started.AddSeconds(5), whole[0].Cursor);
        Assert.Equal(whole[0].Clip!.End, whole[0].Next);
        Assert.Equal(whole[0].Next, whole[1].Cursor);
        Assert.Equal([false, false, true], whole.Select(o => o.Last));
        Assert.Equal(whole.Skip(1).Select(o => (o.Part, o.Cursor, o.Next, o.Last, o.Clip!.EventId, o.Clip.Start, o.Clip.End)), resumed.Select(o => (o.Part, o.Cursor, o.Next, o.Last, o.Clip!.EventId, o.Clip.Start, o.Clip.End)));
    }

    [Fact]
    public async Task ProcessAsync_FootageEndsBeforeEventWindow_OneLastClipAndNoFailedPart()
    {
        var volume = new SharedVolume(_dir.Path);
        await SpoolWriter.RecordAsync(volume, new CaptureSession("cam1", "s1", Started, 2, Started.AddSeconds(10)), seconds: 10);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        var processor = new ClipJobProcessor(new SegmentIndex(volume), new ClipCutter(volume, probe, new ConcatClipWriter(probe, RequiredTool.Ffmpeg())), new ManualTimeProvider(Started.AddHours(1)));
        var motion = new MotionEnded("cam1", "evt-short", Started.AddSeconds(7), Started.AddSeconds(9), 0.5, 30); // window 2..14, footage to 10

        var outcomes = new List<ClipOutcome>();
        await foreach (var outcome in processor.ProcessAsync(motion, new SegmentRecorderSettings(), CancellationToken.None))
        {
            outcomes.Add(outcome);
        }

        var clip = Assert.Single(outcomes).Clip;
        Assert.NotNull(clip);
        Assert.Equal(("evt-short", 1, true), (clip.EventId, clip.Part, clip.LastPart));
    }
}

using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class MotionEventTrackerTests
{
    private static readonly MotionResult Motion = new(true, 0.1, 100, false, 0, ReadOnlyMemory<MotionBox>.Empty);
    private static readonly MotionResult Still = MotionResult.None;

    private static readonly MotionEventTrackerOptions Options = new()
    {
        StartFrames = 3,
        EventGap = TimeSpan.FromSeconds(2),
        MaxEventLength = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Observe_FewerThanStartFramesInARow_NoEvent()
    {
        var tracker = new MotionEventTracker(Options);

        var steps = Feed(tracker, "MM.MM.M");

        Assert.All(steps, s => Assert.Null(s.Started));
        Assert.False(tracker.IsActive);
    }

    [Fact]
    public void Observe_StartFramesInARow_StartsAtTheFirstOfThem()
    {
        var tracker = new MotionEventTracker(Options);

        var steps = Feed(tracker, "..MMM");

        var started = Assert.Single(steps, s => s.Started is not null).Started!;
        Assert.Equal(Seconds(0.4), started.Start);
        Assert.Equal(4, steps.FindIndex(s => s.Started is not null));
    }

    [Fact]
    public void Observe_StillForTheEventGap_EndsAtTheLastMotionFrame()
    {
        var tracker = new MotionEventTracker(Options);

        // Motion at frames 0..5 (0.0–1.0 s), a short pause, motion at frame 8 (1.6 s), then still.
        var steps = Feed(tracker, "MMMMMM..M" + new string('.', 12));

        var ended = Assert.Single(steps, s => s.Ended is not null).Ended!;
        Assert.Equal(TimeSpan.Zero, ended.Start);
        Assert.Equal(Seconds(1.6), ended.End);
        Assert.Equal(7, ended.MotionFrames);
        Assert.Equal(8 + 10, steps.FindIndex(s => s.Ended is not null));
        Assert.False(tracker.IsActive);
    }

    [Fact]
    public void Observe_MotionLongerThanMaxLength_EndsAndStartsANewEvent()
    {
        var tracker = new MotionEventTracker(Options);

        // 12 s of continuous motion at 5 fps.
        var steps = Feed(tracker, new string('M', 60));

        var split = Assert.Single(steps, s => s.Ended is not null);
        Assert.Equal(Seconds(9.8), split.Ended!.End);
        Assert.Equal(Seconds(10), split.Started!.Start);
        Assert.True(tracker.IsActive);
        Assert.Equal(Seconds(11.8), tracker.Flush()!.End);
    }

    [Fact]
    public void Flush_OpenEvent_EndsItAtTheLastMotionFrame()
    {
        var tracker = new MotionEventTracker(Options);
        Feed(tracker, "MMMM..");

        var ended = tracker.Flush();

        Assert.NotNull(ended);
        Assert.Equal(Seconds(0.6), ended.End);
        Assert.Null(tracker.Flush());
    }

    // One character per frame at 5 fps: 'M' motion, '.' still.

    [Fact]
    public void Update_WhileEventOpen_EventStaysOpenAndTheNewGapApplies()
    {
        var tracker = new MotionEventTracker(Options);
        tracker.Observe(Seconds(0), Motion);
        tracker.Observe(Seconds(0.2), Motion);
        var started = tracker.Observe(Seconds(0.4), Motion).Started;

        tracker.Update(Options with { EventGap = TimeSpan.FromSeconds(10) });
        var step = tracker.Observe(Seconds(3), Still);

        Assert.NotNull(started);
        Assert.Null(step.Ended);
        Assert.True(tracker.IsActive);
    }

    private static List<MotionTrackerStep> Feed(MotionEventTracker tracker, string pattern)
        => pattern.Select((c, i) => tracker.Observe(Seconds(i * 0.2), c == 'M' ? Motion : Still)).ToList();

    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(Math.Round(value, 3));
}

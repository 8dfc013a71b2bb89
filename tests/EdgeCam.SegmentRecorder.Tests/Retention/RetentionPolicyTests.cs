using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using static EdgeCam.SegmentRecorder.Tests.Fakes.Segments;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionPolicyTests
{
    private static List<SizedSegment> Sized(IEnumerable<EdgeCam.SegmentRecorder.Index.RecordedSegment> segments, long bytes = 100) =>
        [.. segments.Select(s => new SizedSegment(s, bytes))];

    [Fact]
    public void Decide_OverSize_EvictsOldestFirstUntilUnderLimit()
    {
        var segments = Sized(Segments.Run(10)); // 1000 bytes

        var decision = RetentionPolicy.Decide(segments, [], S(20), maxBytes: 650, maxAge: TimeSpan.FromHours(1));

        Assert.Equal([0.0, 2, 4, 6], decision.Evictions.Select(e => (e.Segment.Segment.Start - T0).TotalSeconds));
        Assert.All(decision.Evictions, e => Assert.Equal(EvictionReason.Size, e.Reason));
        Assert.Equal(600, decision.BytesAfter);
    }

    [Fact]
    public void Decide_OlderThanMaxAge_EvictsByAgeBeforeSize()
    {
        var segments = Sized(Segments.Run(10));

        var decision = RetentionPolicy.Decide(segments, [], S(20) + TimeSpan.FromSeconds(5), maxBytes: 500, maxAge: TimeSpan.FromSeconds(20));

        // Ended before 5 s: ages out (0..2, 2..4); then size removes the next oldest until 500 bytes remain.
        Assert.Equal(
            [(0.0, EvictionReason.Age), (2, EvictionReason.Age), (4, EvictionReason.Size), (6, EvictionReason.Size), (8, EvictionReason.Size)],
            decision.Evictions.Select(e => ((e.Segment.Segment.Start - T0).TotalSeconds, e.Reason)));
    }

    [Fact]
    public void Decide_OpenEventWindow_ProtectsItsSegmentsAndEvictsAroundThem()
    {
        var segments = Sized(Segments.Run(10));
        var open = new ProtectedWindow("cam1", S(1), S(5), IsOpenEvent: true); // touches 0..2, 2..4, 4..6

        var decision = RetentionPolicy.Decide(segments, [open], S(20), maxBytes: 500, maxAge: TimeSpan.FromHours(1));

        Assert.Equal([6.0, 8, 10, 12, 14], decision.Evictions.Select(e => (e.Segment.Segment.Start - T0).TotalSeconds));
        Assert.Equal(3, decision.ProtectedSegments);
        Assert.Equal(300, decision.ProtectedBytes);
    }

    [Fact]
    public void Decide_ProtectionOfOtherCamera_DoesNotProtect()
    {
        var segments = Sized(Segments.Run(3, camera: "cam1"));
        var other = new ProtectedWindow("cam2", S(0), S(100), IsOpenEvent: false);

        var decision = RetentionPolicy.Decide(segments, [other], S(100), maxBytes: 0, maxAge: TimeSpan.FromHours(1));

        Assert.Equal(3, decision.Evictions.Count);
    }

    [Fact]
    public void Decide_AllProtected_EvictsNothingEvenOverLimit()
    {
        var segments = Sized(Segments.Run(3));
        var pending = new ProtectedWindow("cam1", S(0), S(6), IsOpenEvent: false);

        var decision = RetentionPolicy.Decide(segments, [pending], S(10_000), maxBytes: 0, maxAge: TimeSpan.FromSeconds(1));

        Assert.Empty(decision.Evictions);
        Assert.Equal(300, decision.BytesAfter);
    }

    [Fact]
    public void Decide_TwoCameras_SharesOneRingOrderedByEnd()
    {
        var segments = Sized(Segments.Run(3, from: 0, camera: "cam1").Concat(Segments.Run(3, from: 1, camera: "cam2")));

        var decision = RetentionPolicy.Decide(segments, [], S(10), maxBytes: 300, maxAge: TimeSpan.FromHours(1));

        Assert.Equal(["cam1", "cam2", "cam1"], decision.Evictions.Select(e => e.Segment.Segment.CameraId));
    }

    [Fact]
    public void ExpireOpen_OpenEventPastGrace_IsDroppedButPendingStays()
    {
        var protections = new EventProtections();
        protections.Protect("open", new ProtectedWindow("cam1", S(0), S(10), IsOpenEvent: true));
        protections.Protect("pending", new ProtectedWindow("cam1", S(0), S(10), IsOpenEvent: false));

        var dropped = protections.ExpireOpen(S(100), TimeSpan.FromSeconds(30));

        Assert.Equal(1, dropped);
        Assert.False(Assert.Single(protections.Snapshot()).IsOpenEvent);
    }
}

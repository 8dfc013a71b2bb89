using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using static EdgeCam.SegmentRecorder.Tests.Fakes.Segments;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionPolicyTests
{
    private static List<SizedSegment> Sized(IEnumerable<EdgeCam.SegmentRecorder.Index.RecordedSegment> segments, long bytes = 100) =>
        [.. segments.Select(s => new SizedSegment(s, bytes))];

    private static readonly TimeSpan ClipAge = TimeSpan.FromDays(3);

    private static RetentionLimits Limits(long maxBytes, TimeSpan maxAge) => new(maxBytes, maxAge, ClipAge);

    /// <summary>A clip written <paramref name="hoursBeforeNow"/> before <paramref name="now"/>.</summary>
    private static StoredClip Clip(string eventId, DateTimeOffset now, double hoursBeforeNow, long bytes = 100) =>
        new("cam1", $"/clips/cam1/{eventId}.mp4", now - TimeSpan.FromHours(hoursBeforeNow), bytes);

    [Fact]
    public void Decide_OverSize_EvictsOldestFirstUntilUnderLimit()
    {
        var segments = Sized(Segments.Run(10)); // 1000 bytes

        var decision = RetentionPolicy.Decide(segments, [], [], S(20), Limits(maxBytes: 650, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal([0.0, 2, 4, 6], decision.Evictions.Select(e => (e.Segment.Segment.Start - T0).TotalSeconds));
        Assert.All(decision.Evictions, e => Assert.Equal(EvictionReason.Size, e.Reason));
        Assert.Equal(600, decision.BytesAfter);
    }

    [Fact]
    public void Decide_OlderThanMaxAge_EvictsByAgeBeforeSize()
    {
        var segments = Sized(Segments.Run(10));

        var decision = RetentionPolicy.Decide(segments, [], [], S(20) + TimeSpan.FromSeconds(5), Limits(maxBytes: 500, maxAge: TimeSpan.FromSeconds(20)));

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

        var decision = RetentionPolicy.Decide(segments, [], [open], S(20), Limits(maxBytes: 500, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal([6.0, 8, 10, 12, 14], decision.Evictions.Select(e => (e.Segment.Segment.Start - T0).TotalSeconds));
        Assert.Equal(3, decision.ProtectedSegments);
        Assert.Equal(300, decision.ProtectedBytes);
    }

    [Fact]
    public void Decide_ProtectionOfOtherCamera_DoesNotProtect()
    {
        var segments = Sized(Segments.Run(3, camera: "cam1"));
        var other = new ProtectedWindow("cam2", S(0), S(100), IsOpenEvent: false);

        var decision = RetentionPolicy.Decide(segments, [], [other], S(100), Limits(maxBytes: 0, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal(3, decision.Evictions.Count);
    }

    [Fact]
    public void Decide_AllProtected_EvictsNothingEvenOverLimit()
    {
        var segments = Sized(Segments.Run(3));
        var pending = new ProtectedWindow("cam1", S(0), S(6), IsOpenEvent: false);

        var decision = RetentionPolicy.Decide(segments, [], [pending], S(10_000), Limits(maxBytes: 0, maxAge: TimeSpan.FromSeconds(1)));

        Assert.Empty(decision.Evictions);
        Assert.Equal(300, decision.BytesAfter);
    }

    [Fact]
    public void Decide_TwoCameras_SharesOneRingOrderedByEnd()
    {
        var segments = Sized(Segments.Run(3, from: 0, camera: "cam1").Concat(Segments.Run(3, from: 1, camera: "cam2")));

        var decision = RetentionPolicy.Decide(segments, [], [], S(10), Limits(maxBytes: 300, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal(["cam1", "cam2", "cam1"], decision.Evictions.Select(e => e.Segment.Segment.CameraId));
    }

    [Fact]
    public void Decide_OverSizeWithClips_EvictsAllUnprotectedSegmentsBeforeAnyClip()
    {
        var now = S(20);
        var segments = Sized(Segments.Run(3)); // 300 bytes
        List<StoredClip> clips = [Clip("old", now, 48), Clip("newer", now, 30)]; // 200 bytes, both past hand-over

        var decision = RetentionPolicy.Decide(segments, clips, [], now, Limits(maxBytes: 150, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal(3, decision.Evictions.Count);
        Assert.Equal(["old"], decision.ClipEvictions.Select(e => Path.GetFileNameWithoutExtension(e.Clip.Path)));
        Assert.All(decision.ClipEvictions, e => Assert.Equal(EvictionReason.Size, e.Reason));
        Assert.Equal(100, decision.BytesAfter);
    }

    [Fact]
    public void Decide_OverSizeWithProtectedSegments_EvictsClipsAfterTheUnprotectedSegments()
    {
        var now = S(20);
        var segments = Sized(Segments.Run(3));
        var open = new ProtectedWindow("cam1", S(5), S(6), IsOpenEvent: true); // the last segment
        List<StoredClip> clips = [Clip("c1", now, 30)];

        var decision = RetentionPolicy.Decide(segments, clips, [open], now, Limits(maxBytes: 100, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal([0.0, 2], decision.Evictions.Select(e => (e.Segment.Segment.Start - T0).TotalSeconds));
        Assert.Single(decision.ClipEvictions);
        Assert.Equal(1, decision.ProtectedSegments);
    }

    [Fact]
    public void Decide_ClipOlderThanClipAge_EvictedByAgeUnderTheSizeLimit()
    {
        var now = S(20);
        List<StoredClip> clips = [Clip("expired", now, 73), Clip("kept", now, 71)];

        var decision = RetentionPolicy.Decide([], clips, [], now, Limits(maxBytes: long.MaxValue, maxAge: TimeSpan.FromHours(1)));

        var eviction = Assert.Single(decision.ClipEvictions);
        Assert.Equal("/clips/cam1/expired.mp4", eviction.Clip.Path);
        Assert.Equal(EvictionReason.Age, eviction.Reason);
        Assert.Equal(100, decision.BytesAfter);
    }

    [Fact]
    public void Decide_ClipYoungerThanHandOver_NotEvictedByAge()
    {
        var now = S(20);
        List<StoredClip> clips = [Clip("fresh", now, RetentionPolicy.ClipHandOver.TotalHours - 1)];

        var decision = RetentionPolicy.Decide([], clips, [], now, Limits(maxBytes: long.MaxValue, maxAge: TimeSpan.FromHours(1)) with { MaxClipAge = TimeSpan.FromHours(1) });

        Assert.Empty(decision.ClipEvictions);
        Assert.Equal(1, decision.ProtectedClips);
        Assert.Equal(100, decision.BytesAfter);
    }

    [Fact]
    public void Decide_OverLimitWithOnlyYoungClipsLeft_EvictsYoungClipsLastOldestFirst()
    {
        var now = S(20);
        List<StoredClip> clips =
        [
            Clip("young-newer", now, 1),
            Clip("old", now, 30),
            Clip("young-older", now, 2),
        ];

        var decision = RetentionPolicy.Decide([], clips, [], now, Limits(maxBytes: 100, maxAge: TimeSpan.FromHours(1)));

        Assert.Equal(["/clips/cam1/old.mp4", "/clips/cam1/young-older.mp4"], decision.ClipEvictions.Select(e => e.Clip.Path));
        Assert.All(decision.ClipEvictions, e => Assert.Equal(EvictionReason.Size, e.Reason));
        Assert.Equal(100, decision.BytesAfter);
    }

    [Fact]
    public void Decide_OverLimitWithUploadedClip_EvictsUploadedClipBeforeSegmentsEvenWhenYoung()
    {
        var now = S(20);
        List<StoredClip> clips = [Clip("uploaded-young", now, 1) with { Uploaded = true }, Clip("not-uploaded", now, 30)];
        var segments = Sized(Segments.Run(1));

        var decision = RetentionPolicy.Decide(segments, clips, [], now, Limits(maxBytes: 200, maxAge: TimeSpan.FromHours(1)));

        var eviction = Assert.Single(decision.ClipEvictions);
        Assert.Equal("/clips/cam1/uploaded-young.mp4", eviction.Clip.Path);
        Assert.Empty(decision.Evictions);
        Assert.Equal(0, decision.ProtectedClips);
    }

    [Fact]
    public void ExpireOpen_OpenEventPastLongestEvent_IsDroppedButPendingStays()
    {
        var protections = new EventProtections();
        protections.Protect("open", ProtectedWindow.ForOpenEvent("cam1", S(0)));
        protections.Protect("pending", new ProtectedWindow("cam1", S(0), S(10), IsOpenEvent: false));

        var early = protections.ExpireOpen(S(400), TimeSpan.FromSeconds(30)); // open longer than a 300 s event: still protected
        var dropped = protections.ExpireOpen(S(0) + EventProtections.LongestEvent + TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30));

        Assert.Equal((0, 1), (early, dropped));
        Assert.False(Assert.Single(protections.Snapshot()).IsOpenEvent);
    }

    [Theory]
    [InlineData(1L << 30, 5, 32_000_000_000, 1_600_000_000)] // a 32 GB card: 5 % is more than 1 GiB
    [InlineData(1L << 30, 5, 8_000_000_000, 1L << 30)]       // an 8 GB card: 1 GiB is more than 5 %
    [InlineData(1L << 30, 5, 536_870_912, 268_435_456)]      // a 512 MiB volume: never more than half of it
    public void FloorBytes_BytesAndPercent_TakesTheLargerCappedAtHalfTheVolume(long minFreeBytes, double minFreePercent, long totalBytes, long expected)
    {
        var limits = new RetentionLimits(long.MaxValue, TimeSpan.FromHours(1), TimeSpan.FromHours(24)) { MinFreeBytes = minFreeBytes, MinFreePercent = minFreePercent };

        Assert.Equal(expected, limits.FloorBytes(totalBytes));
    }
}

using EdgeCam.SegmentRecorder.Planning;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using static EdgeCam.SegmentRecorder.Tests.Fakes.Segments;

namespace EdgeCam.SegmentRecorder.Tests.Planning;

[Trait("Category", "Unit")]
public sealed class ClipPlannerTests
{
    private static ClipRequest Request(double start, double end, double pre = 5, double post = 5, double max = 120) =>
        new(S(start), S(end), TimeSpan.FromSeconds(pre), TimeSpan.FromSeconds(post), TimeSpan.FromSeconds(max));

    [Fact]
    public void Plan_WindowInsideFootage_TakesOverlappingSegmentsWithOffsets()
    {
        var segments = Segments.Run(10); // 0..20 s

        var plan = ClipPlanner.Plan(segments, Request(8, 9, pre: 3, post: 4)); // window 5..13

        Assert.Equal([4.0, 6, 8, 10, 12], plan.Segments.Select(s => (s.Start - T0).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(1), plan.InpointOffset);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.OutpointOffset);
        Assert.Equal(S(5), plan.WindowStart);
        Assert.Equal(S(13), plan.WindowEnd);
        Assert.True(plan.IsComplete);
    }

    [Fact]
    public void Plan_WindowOnSegmentBoundaries_TakesWholeSegmentsOnly()
    {
        var segments = Segments.Run(10);

        var plan = ClipPlanner.Plan(segments, Request(9, 11, pre: 3, post: 3)); // window 6..14

        Assert.Equal([6.0, 8, 10, 12], plan.Segments.Select(s => (s.Start - T0).TotalSeconds));
        Assert.Null(plan.InpointOffset);
        Assert.Null(plan.OutpointOffset);
        Assert.True(plan.IsComplete);
    }

    [Fact]
    public void Plan_PreRollBeforeFirstSegment_ClampsToFirstFootage()
    {
        var segments = Segments.Run(5, from: 10); // 10..20 s

        var plan = ClipPlanner.Plan(segments, Request(12, 13)); // wants 7..18

        Assert.Equal(S(10), plan.WindowStart);
        Assert.Equal(S(10), plan.Segments[0].Start);
        Assert.Null(plan.InpointOffset);
        Assert.Equal(S(18), plan.Segments[^1].End);
        Assert.Null(plan.OutpointOffset);
        Assert.True(plan.IsComplete);
    }

    [Fact]
    public void Plan_EventLongerThanMax_KeepsStartAndCutsTail()
    {
        var segments = Segments.Run(50); // 0..100 s

        var plan = ClipPlanner.Plan(segments, Request(20, 90, pre: 5, post: 5, max: 30)); // 15..45

        Assert.Equal(S(15), plan.WindowStart);
        Assert.Equal(S(45), plan.WindowEnd);
        Assert.Equal(S(14), plan.Segments[0].Start);
        Assert.Equal(S(46), plan.Segments[^1].End);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.InpointOffset);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.OutpointOffset);
    }

    [Fact]
    public void Plan_NoSegmentReachesWindowEnd_IsIncomplete()
    {
        var segments = Segments.Run(6); // 0..12 s, the recording goes on

        var plan = ClipPlanner.Plan(segments, Request(8, 9)); // wants 3..14

        Assert.False(plan.IsComplete);
        Assert.Equal(S(2), plan.Segments[0].Start);
        Assert.Equal(S(12), plan.Segments[^1].End);
        Assert.Null(plan.OutpointOffset);
    }

    [Fact]
    public void Plan_LastSegmentEndsExactlyAtWindowEnd_IsComplete()
    {
        var segments = Segments.Run(7); // 0..14 s

        var plan = ClipPlanner.Plan(segments, Request(8, 9)); // 3..14

        Assert.True(plan.IsComplete);
        Assert.Null(plan.OutpointOffset);
    }

    [Fact]
    public void Plan_NoFootageYet_IsEmptyAndIncomplete()
    {
        var plan = ClipPlanner.Plan([], Request(8, 9));

        Assert.True(plan.IsEmpty);
        Assert.False(plan.IsComplete);
    }

    [Fact]
    public void Plan_TwoSessions_UsesTheOneRecordingAtEventStart()
    {
        var segments = Segments.Run(5, from: 0, session: "a").Concat(Segments.Run(5, from: 11, session: "b")).ToList();

        var plan = ClipPlanner.Plan(segments, Request(13, 14)); // 8..19 spans the restart

        Assert.All(plan.Segments, s => Assert.Equal("b", s.SessionId));
        Assert.Equal(S(11), plan.WindowStart);
        Assert.Equal("b", plan.SessionId);
    }

    [Fact]
    public void Plan_OtherCameraOnly_IsNotMixedIn()
    {
        var segments = Segments.Run(10, camera: "cam1");

        var plan = ClipPlanner.Plan(segments.Where(s => s.CameraId == "cam2").ToList(), Request(8, 9));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void PartWindow_300sEventWithMax120_ThreeConsecutivePartsCoverItWithinMax()
    {
        var request = Request(10, 310, pre: 5, post: 5, max: 120); // event window 5..315
        var parts = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var cursor = request.EventWindow.Start;

        while (cursor < request.EventWindow.End)
        {
            var keyframe = T0.AddSeconds(Math.Floor((cursor - T0).TotalSeconds)); // a keyframe every second
            var part = request.PartWindow(cursor, keyframe);
            parts.Add(part);
            cursor = part.End;
        }

        Assert.Equal(3, parts.Count);
        Assert.Equal(S(5), parts[0].Start);
        Assert.Equal(S(315), parts[^1].End);
        Assert.All(parts.Zip(parts.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.All(parts, p => Assert.InRange((p.End - T0.AddSeconds(Math.Floor((p.Start - T0).TotalSeconds))).TotalSeconds, 1, 120 - ClipRequest.EndSlack.TotalSeconds));
    }

    [Fact]
    public void PlanWindow_LaterPartAfterCaptureRestart_UsesTheSessionRecordingThen()
    {
        var segments = Segments.Run(10, from: 0, session: "s1").Concat(Segments.Run(10, from: 30, session: "s2")).ToList(); // 0..20, 30..50

        var plan = ClipPlanner.PlanWindow(segments, anchor: S(35), S(35), S(45));

        Assert.Equal("s2", plan.SessionId);
        Assert.True(plan.IsComplete);
    }
}

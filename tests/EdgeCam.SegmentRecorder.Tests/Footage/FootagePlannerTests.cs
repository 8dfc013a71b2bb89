using EdgeCam.SegmentRecorder.Footage;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using static EdgeCam.SegmentRecorder.Tests.Fakes.Segments;

namespace EdgeCam.SegmentRecorder.Tests.Footage;

[Trait("Category", "Unit")]
public sealed class FootagePlannerTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void Next_NoCursor_TakesWholeSegmentsOfTheFileLengthFromTheOldest()
    {
        var segments = Segments.Run(12); // 0..24 s

        var piece = FootagePlanner.Next(segments, cursor: null, Ten, _ => false);

        Assert.NotNull(piece);
        Assert.Equal([0.0, 2, 4, 6, 8], piece.Segments.Select(s => (s.Start - T0).TotalSeconds));
        Assert.Equal((S(0), S(10)), (piece.Start, piece.End));
    }

    [Fact]
    public void Next_CursorAtAFileEnd_StartsThereWithoutOverlapOrGap()
    {
        var segments = Segments.Run(12);

        var piece = FootagePlanner.Next(segments, S(10), Ten, _ => false);

        Assert.NotNull(piece);
        Assert.Equal([10.0, 12, 14, 16, 18], piece.Segments.Select(s => (s.Start - T0).TotalSeconds));
    }

    [Fact]
    public void Next_LastSegmentShortOfTheLengthWhileRecording_ReturnsNull()
    {
        var segments = Segments.Run(12); // the file from 20 s would need footage up to 30 s

        var piece = FootagePlanner.Next(segments, S(20), Ten, _ => false);

        Assert.Null(piece);
    }

    [Fact]
    public void Next_SessionEndedShortOfTheLength_ReturnsWhatThereIs()
    {
        var segments = Segments.Run(12);

        var piece = FootagePlanner.Next(segments, S(20), Ten, session => session == "s1");

        Assert.NotNull(piece);
        Assert.Equal((S(20), S(24)), (piece.Start, piece.End));
    }

    [Fact]
    public void Next_CursorOlderThanTheOldestHeld_StartsAtTheOldestHeld()
    {
        var segments = Segments.Run(10, from: 40); // retention deleted everything before 40 s

        var piece = FootagePlanner.Next(segments, S(10), Ten, _ => false);

        Assert.NotNull(piece);
        Assert.Equal((S(40), S(50)), (piece.Start, piece.End));
    }

    [Fact]
    public void Next_FileWouldCrossIntoANewSession_EndsAtTheFirstSessionsEnd()
    {
        List<EdgeCam.SegmentRecorder.Index.RecordedSegment> segments = [.. Segments.Run(3, session: "s1"), .. Segments.Run(10, from: 30, session: "s2")];

        var first = FootagePlanner.Next(segments, null, Ten, session => session == "s1");
        var second = FootagePlanner.Next(segments, first!.End, Ten, session => session == "s1");

        Assert.Equal((S(0), S(6)), (first.Start, first.End));
        Assert.Equal((S(30), S(40)), (second!.Start, second.End));
        Assert.All(second.Segments, s => Assert.Equal("s2", s.SessionId));
    }
}

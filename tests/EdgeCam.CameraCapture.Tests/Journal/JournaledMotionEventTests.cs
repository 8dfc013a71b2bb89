using EdgeCam.CameraCapture.Journal;
using EdgeCam.Contracts.Motion;
using static EdgeCam.CameraCapture.Tests.Journal.JournalEntries;

namespace EdgeCam.CameraCapture.Tests.Journal;

[Trait("Category", "Unit")]
public sealed class JournaledMotionEventTests
{
    [Fact]
    public void Ending_OpenEvent_EndsAtLastSeenWithJournaledCounts()
    {
        var entry = new JournaledMotionEvent(Started("porch-s-0001"), false, Start.AddSeconds(42), 0.31234, 120, TimeSpan.FromMinutes(5));

        var ended = entry.Ending();

        Assert.Equal(new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(42), 0.3123, 120), ended);
    }

    [Fact]
    public void Ending_OpenEventSeenBeyondMaxLength_EndsAtStartPlusMaxLength()
    {
        var entry = new JournaledMotionEvent(Started("porch-s-0001"), true, Start.AddMinutes(9), 0.3, 120, TimeSpan.FromMinutes(5));

        Assert.Equal(Start.AddMinutes(5), entry.Ending().End);
    }

    [Fact]
    public void Ending_LastSeenBeforeStart_EndsAtStart()
    {
        var entry = new JournaledMotionEvent(Started("porch-s-0001"), true, Start.AddSeconds(-3), 0.3, 1, TimeSpan.FromMinutes(5));

        Assert.Equal(Start, entry.Ending().End);
    }

    [Fact]
    public void Ending_RecordedEnd_ReturnsIt()
    {
        var recorded = new MotionEnded("porch", "porch-s-0001", Start, Start.AddSeconds(7), 0.4, 35);
        var entry = new JournaledMotionEvent(Started("porch-s-0001"), true, Start.AddSeconds(9), 0.9, 50, TimeSpan.FromMinutes(5), recorded);

        Assert.Same(recorded, entry.Ending());
    }
}

using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.WebConsole.Timeline;

namespace EdgeCam.WebConsole.Tests.Timeline;

public class EventTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_MotionSnapshotClipUpload_OneEventWithAll()
    {
        var timeline = new EventTimeline();

        timeline.Observe(new MotionStarted("cam", "e1", Start, 0.2, []));
        timeline.Observe(new SnapshotReady("cam", "e1", "snapshots/cam/e1.jpg", Start, Start, 10, "md5"));
        timeline.Observe(new MotionEnded("cam", "e1", Start, Start.AddSeconds(4), 0.5, 12));
        timeline.Observe(new ClipReady("cam", "e1", "clips/cam/e1.mp4", Start.AddSeconds(-5), Start.AddSeconds(9), 1000, "md5"));
        timeline.Observe(new ClipUploaded("cam", "e1", "clips/cam/e1.mp4", "local", "cam/2026/e1.mp4", 1000, "md5", Start.AddMinutes(1)));

        var e = Assert.Single(timeline.Newest(10));
        Assert.Equal(Start.AddSeconds(4), e.End);
        Assert.Equal(0.5, e.Score);
        Assert.Equal("snapshots/cam/e1.jpg", e.SnapshotPath);
        var clip = Assert.Single(e.Clips);
        Assert.Equal("cam/2026/e1.mp4", clip.BlobName);
    }

    [Fact]
    public void Observe_SameClipTwice_KeptOnce()
    {
        var timeline = new EventTimeline();
        var clip = new ClipReady("cam", "e1", "clips/cam/e1.mp4", Start, Start.AddSeconds(9), 1000, "md5");

        timeline.Observe(clip);
        timeline.Observe(clip);

        Assert.Single(timeline.Find("e1")!.Clips);
    }

    [Fact]
    public void Observe_TimeLapseClip_NotAnEvent()
    {
        var timeline = new EventTimeline();

        timeline.Observe(new ClipReady("cam", "day", "clips/cam/day.mp4", Start, Start.AddDays(1), 1000, "md5", Kind: ClipKinds.Timelapse));

        Assert.Empty(timeline.Newest(10));
    }

    [Fact]
    public void Observe_AlertOfNoMotionEvent_NotAnEvent()
    {
        var timeline = new EventTimeline();

        timeline.Observe(new Alert("a1", "clockUnsynchronised", "cam", "clockUnsynchronised-1", Start, 0, "the clock is not synchronised"));

        Assert.Empty(timeline.Newest(10));
    }

    [Fact]
    public void Observe_MoreThanCapacity_ForgetsTheOldest()
    {
        var timeline = new EventTimeline();

        for (var i = 0; i <= EventTimeline.Capacity; i++)
        {
            timeline.Observe(new MotionStarted("cam", $"e{i}", Start.AddMinutes(i), 0.1, []));
        }

        Assert.Null(timeline.Find("e0"));
        Assert.NotNull(timeline.Find("e1"));
        Assert.Equal($"e{EventTimeline.Capacity}", timeline.Newest(1)[0].EventId);
    }
}

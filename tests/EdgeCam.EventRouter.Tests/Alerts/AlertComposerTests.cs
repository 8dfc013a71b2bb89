using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.EventRouter.Alerts;

namespace EdgeCam.EventRouter.Tests.Alerts;

public sealed class AlertComposerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 30, 5, TimeSpan.Zero);

    [Fact]
    public void ForMotion_SameEventTwice_YieldsSameAlertId()
    {
        var started = new MotionStarted("cam1", "evt-7", T0, 0.25, [], "snapshots/cam1/evt-7.jpg");

        var first = AlertComposer.ForMotion(started);
        var second = AlertComposer.ForMotion(started with { Score = 0.3 });

        Assert.Equal(first.AlertId, second.AlertId);
        Assert.Equal("motion", first.Kind);
        Assert.Equal("evt-7", first.EventId);
        Assert.Equal(T0, first.Time);
        Assert.Equal("snapshots/cam1/evt-7.jpg", first.SnapshotPath);
        Assert.Equal("Motion on cam1 at 08:30:05Z (25.0% of the frame changed)", first.Text);
    }

    [Theory]
    [InlineData(45, 3, null, 0, "Back online after 45 s: 3 events, 0 clips waiting")]
    [InlineData(600, 2, 300, 0, "Back online after 10 min: 2 events, 4 clips waiting, oldest from 08:35Z")]
    [InlineData(11_520, 14, 300, 2, "Back online after 3 h 12 min: 14 events, 4 clips waiting, oldest from 08:35Z, 2 evicted for lack of space")]
    public void ForOutage_Summary_OneLineWithDurationEventsWaitingOldestAndEvictions(int seconds, int events, int? oldestAfterSeconds, int evicted, string expected)
    {
        var oldest = oldestAfterSeconds is { } after ? T0.AddSeconds(after) : (DateTimeOffset?)null;
        var waiting = oldest is null ? 0 : 4;
        var summary = new OutageSummary("BlobBuffer", T0, T0.AddSeconds(seconds), events, events + 1, waiting, waiting * 1000L, oldest, evicted);

        var alert = AlertComposer.ForOutage(summary);

        Assert.Equal(expected, alert.Text);
        Assert.Equal(("outageSummary", "BlobBuffer", T0.AddSeconds(seconds)), (alert.Kind, alert.CameraId, alert.Time));
        Assert.Equal(AlertComposer.ForOutage(summary with { ClipsWaiting = 1 }).AlertId, alert.AlertId); // the outage's start names it
    }

    [Fact]
    public void ForFailedCamera_Error_NamesCameraAndReason()
    {
        var health = new CameraHealth("cam1", CaptureState.Failed, "rtsp://cam", 0, 0, T0, "rtsp://cam: Connection refused");

        var alert = AlertComposer.ForFailedCamera(health);

        Assert.Equal(AlertComposer.CameraFailedKind, alert.Kind);
        Assert.Equal("Camera cam1 stopped: rtsp://cam: Connection refused", alert.Text);
    }

    [Fact]
    public void StorageText_BelowFloorThenOk_NamesFreeSpaceAndFloor()
    {
        var low = AlertComposer.StorageText(new StorageHealth("SegmentRecorder", StorageState.BelowFloor, 1_468_006, 25_165_824, 57_000_000, T0));
        var ok = AlertComposer.StorageText(new StorageHealth("SegmentRecorder", StorageState.Ok, 26_633_830, 25_165_824, 57_000_000, T0.AddSeconds(5)));

        Assert.Equal("Storage low: 1.4 MB free, below the 24.0 MB floor; all unprotected footage is already evicted, recording may pause", low);
        Assert.Equal("Storage recovered: 25.4 MB free, floor 24.0 MB", ok);
    }
}

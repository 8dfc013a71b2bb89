using EdgeCam.Contracts.Health;
using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class CameraOfflineRuleTests
{
    private static readonly HealthSettings Settings = HealthSettings.Default with { CameraOfflineAfter = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Observe_RestartingLongerThanSetting_OneOfflineAlertThenOneOnlineRecovery()
    {
        using var fixture = new HealthMonitorFixture(Settings);
        fixture.Camera("cam1", CaptureState.Running);

        fixture.Camera("cam1", CaptureState.Restarting, "Connection refused");
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(fixture.Drain());
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        fixture.Camera("cam1", CaptureState.Starting);
        fixture.Camera("cam1", CaptureState.Restarting, "Connection refused");
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        fixture.Camera("cam1", CaptureState.Running);
        fixture.Camera("cam1", CaptureState.Running);

        var alerts = fixture.Drain();
        Assert.Equal(["cameraOffline", "cameraOnline"], alerts.Select(a => a.Kind));
        Assert.Equal("Camera cam1 offline for 30 s (not streaming since 22:00:00Z): Connection refused", alerts[0].Text);
        Assert.Equal(alerts[0].EventId, alerts[1].EventId);
    }

    [Fact]
    public void Observe_RestartShorterThanSetting_NoAlert()
    {
        using var fixture = new HealthMonitorFixture(Settings);

        fixture.Camera("cam1", CaptureState.Restarting, "stream ended");
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        fixture.Camera("cam1", CaptureState.Running);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(fixture.Drain());
    }

    [Fact]
    public void Observe_NeverStreamedSinceStart_AlertsAfterSetting()
    {
        using var fixture = new HealthMonitorFixture(Settings);

        fixture.Camera("cam1", CaptureState.Starting);
        fixture.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("cameraOffline", Assert.Single(fixture.Drain()).Kind);
    }

    [Fact]
    public void Observe_TwoCameras_EachTimedOnItsOwn()
    {
        using var fixture = new HealthMonitorFixture(Settings);

        fixture.Camera("cam1", CaptureState.Restarting);
        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        fixture.Camera("cam2", CaptureState.Restarting);
        fixture.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("cam1", Assert.Single(fixture.Drain()).CameraId);
    }

    [Fact]
    public void Observe_StoppedWhileRestarting_CancelsTheTimer()
    {
        using var fixture = new HealthMonitorFixture(Settings);

        fixture.Camera("cam1", CaptureState.Restarting);
        fixture.Camera("cam1", CaptureState.Stopped);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(fixture.Drain());
    }
}

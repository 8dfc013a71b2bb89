using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class HealthEpisodesTests
{
    private static readonly DateTimeOffset T0 = HealthMonitorFixture.T0;

    [Fact]
    public void Raise_AlreadyRaised_YieldsNothing()
    {
        var episodes = new HealthEpisodes();

        var first = episodes.Raise("cam1", HealthCondition.CameraOffline, T0, "offline");
        var second = episodes.Raise("cam1", HealthCondition.CameraOffline, T0.AddMinutes(1), "offline again");

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public void Recover_AfterRaise_OneRecoveryPairedByEventIdWithItsOwnAlertId()
    {
        var episodes = new HealthEpisodes();
        var alert = episodes.Raise("cam1", HealthCondition.CameraOffline, T0, "offline")!;

        var recovery = episodes.Recover("cam1", HealthCondition.CameraOffline, T0.AddMinutes(3), _ => "online");
        var again = episodes.Recover("cam1", HealthCondition.CameraOffline, T0.AddMinutes(4), _ => "online");

        Assert.NotNull(recovery);
        Assert.Null(again);
        Assert.Equal(("cameraOffline", "cameraOnline"), (alert.Kind, recovery.Kind));
        Assert.Equal(alert.EventId, recovery.EventId);
        Assert.NotEqual(alert.AlertId, recovery.AlertId);
    }

    [Fact]
    public void Recover_NeverRaised_YieldsNothing()
    {
        var episodes = new HealthEpisodes();

        Assert.Null(episodes.Recover("cam1", HealthCondition.StorageLow, T0, _ => "ok"));
    }

    [Fact]
    public void Raise_SecondEpisodeAfterRecovery_NewIds()
    {
        var episodes = new HealthEpisodes();
        var first = episodes.Raise("cam1", HealthCondition.Tamper, T0, "covered", "lensCovered")!;
        episodes.Recover("cam1", HealthCondition.Tamper, T0.AddMinutes(1), _ => "clear");

        var second = episodes.Raise("cam1", HealthCondition.Tamper, T0.AddMinutes(2), "covered", "lensCovered")!;

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal("lensCovered", second.Kind);
    }
}

using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Tests.Health;

/// <summary>The message-driven rules: storage, tamper, outbox. Each episode: one alert, one recovery.</summary>
public sealed class OtherHealthRulesTests
{
    [Fact]
    public void Storage_BelowFloorRepeatedThenOkRepeated_OneLowOneRecovered()
    {
        using var fixture = new HealthMonitorFixture();

        fixture.Storage(StorageState.BelowFloor);
        fixture.Storage(StorageState.BelowFloor);
        fixture.Storage(StorageState.Ok);
        fixture.Storage(StorageState.Ok);

        Assert.Equal(["storageLow", "storageRecovered"], fixture.Drain().Select(a => a.Kind));
    }

    [Fact]
    public void Tamper_CoveredThenMovedThenClear_OneAlertNamedAfterTheFirstKindAndOneRecovery()
    {
        using var fixture = new HealthMonitorFixture();

        fixture.Tamper("cam1", TamperState.Covered);
        fixture.Tamper("cam1", TamperState.Moved);
        fixture.Tamper("cam1", TamperState.Clear);
        fixture.Tamper("cam1", TamperState.Clear);

        var alerts = fixture.Drain();
        Assert.Equal(["lensCovered", "tamperCleared"], alerts.Select(a => a.Kind));
        Assert.Equal("Camera cam1 tampered: lens covered (picture uniform, spread 2.5 levels)", alerts[0].Text);
    }

    [Fact]
    public void Tamper_ClearWithoutEpisode_NoAlert()
    {
        using var fixture = new HealthMonitorFixture();

        fixture.Tamper("cam1", TamperState.Clear);

        Assert.Empty(fixture.Drain());
    }

    [Fact]
    public void Outbox_DroppingTwiceThenRoom_OneAlertOneRecoveryCountingDrops()
    {
        using var fixture = new HealthMonitorFixture();

        fixture.Outbox(dropping: true, dropped: 1);
        fixture.Outbox(dropping: true, dropped: 40);
        fixture.Outbox(dropping: false, dropped: 57);

        var alerts = fixture.Drain();
        Assert.Equal(["outboxDropping", "outboxRecovered"], alerts.Select(a => a.Kind));
        Assert.EndsWith("57 messages dropped since the agent started", alerts[1].Text, StringComparison.Ordinal);
    }
}

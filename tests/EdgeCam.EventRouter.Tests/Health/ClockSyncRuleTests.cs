using EdgeCam.Testing;
using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class ClockSyncRuleTests
{
    [Fact]
    public async Task RunClockChecksAsync_UnsynchronisedOverManyChecksThenSynchronised_OneAlertOneRecovery()
    {
        using var fixture = new HealthMonitorFixture(HealthSettings.Default with { ClockCheckInterval = TimeSpan.FromSeconds(60) }, clockSynchronised: false);
        using var stop = new CancellationTokenSource();
        var checks = fixture.Monitor.RunClockChecksAsync("EventRouter", stop.Token);

        await NextCheckAsync(fixture, 1);
        await NextCheckAsync(fixture, 2);
        await NextCheckAsync(fixture, 3);
        fixture.Clock.Synchronised = true;
        await NextCheckAsync(fixture, 4);
        await NextCheckAsync(fixture, 5);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checks);
        var alerts = fixture.Drain();
        Assert.Equal(["clockUnsynchronised", "clockSynchronised"], alerts.Select(a => a.Kind));
        Assert.All(alerts, a => Assert.Equal("EventRouter", a.CameraId));
    }

    [Fact]
    public async Task RunClockChecksAsync_StatusUnreadable_NoAlert()
    {
        using var fixture = new HealthMonitorFixture(clockSynchronised: null);
        using var stop = new CancellationTokenSource();
        var checks = fixture.Monitor.RunClockChecksAsync("EventRouter", stop.Token);

        await NextCheckAsync(fixture, 1);
        await NextCheckAsync(fixture, 2);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checks);
        Assert.Empty(fixture.Drain());
    }

    // Waits until the loop sits in its delay after read number `reads`, then moves the clock to the next check.
    private static async Task NextCheckAsync(HealthMonitorFixture fixture, int reads)
    {
        await Eventually.TrueAsync(() => fixture.Clock.Reads == reads && fixture.Time.HasPendingTimer(fixture.Settings.ClockCheckInterval), $"clock check {reads} then a delay");
        fixture.Time.Advance(fixture.Settings.ClockCheckInterval);
    }
}

using EdgeCam.EventRouter.Health;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class UploadsStuckRuleTests
{
    private static readonly HealthSettings Settings = HealthSettings.Default with { UploadsStuckAfter = TimeSpan.FromMinutes(10) };

    [Fact]
    public void Observe_OldestPendingPassesTheSettingWithoutNewReports_OneStuckAlert()
    {
        using var fixture = new HealthMonitorFixture(Settings);
        var since = fixture.Time.GetUtcNow();

        fixture.Buffer(1, since, uploading: true);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        fixture.Buffer(2, since, uploading: false);
        fixture.Time.Advance(TimeSpan.FromMinutes(7));
        Assert.Empty(fixture.Drain());
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        fixture.Buffer(3, since, uploading: false);
        fixture.Time.Advance(TimeSpan.FromHours(1));

        var alert = Assert.Single(fixture.Drain());
        Assert.Equal("uploadsStuck", alert.Kind);
        Assert.Equal("Uploads stuck on BlobBuffer: 2 clips (1.9 MB) waiting, the oldest for 10 min; upload attempts fail; no upload since the buffer started", alert.Text);
    }

    [Fact]
    public void Observe_BacklogDrainsAfterStuck_OneRecovery()
    {
        using var fixture = new HealthMonitorFixture(Settings);
        fixture.Buffer(1, fixture.Time.GetUtcNow());
        fixture.Time.Advance(TimeSpan.FromMinutes(11));

        fixture.Buffer(0, null, uploading: true);
        fixture.Buffer(0, null, uploading: true);

        Assert.Equal(["uploadsStuck", "uploadsRecovered"], fixture.Drain().Select(a => a.Kind));
    }

    [Fact]
    public void Observe_UploadedBeforeTheDeadline_NoAlert()
    {
        using var fixture = new HealthMonitorFixture(Settings);
        fixture.Buffer(1, fixture.Time.GetUtcNow());
        fixture.Time.Advance(TimeSpan.FromMinutes(9));

        fixture.Buffer(0, null, uploading: true);
        fixture.Time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(fixture.Drain());
    }

    [Fact]
    public void Observe_OldestReplacedByYoungerClip_DeadlineFollowsTheNewOldest()
    {
        using var fixture = new HealthMonitorFixture(Settings);
        fixture.Buffer(1, fixture.Time.GetUtcNow());
        fixture.Time.Advance(TimeSpan.FromMinutes(8));

        fixture.Buffer(1, fixture.Time.GetUtcNow());
        fixture.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(fixture.Drain());
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("uploadsStuck", Assert.Single(fixture.Drain()).Kind);
    }
}

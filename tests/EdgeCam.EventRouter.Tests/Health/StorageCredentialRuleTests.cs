using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.EventRouter.Tests.Health;

public sealed class StorageCredentialRuleTests
{
    [Fact]
    public void Observe_SasEntersTheWarningWindowThenIsRenewed_OneExpiringAlertThenOneRenewed()
    {
        using var fixture = new HealthMonitorFixture();
        var expires = fixture.Time.GetUtcNow().AddDays(13.5);

        Buffer(fixture, expires, expiring: false);
        Buffer(fixture, expires, expiring: true);
        Buffer(fixture, expires, expiring: true); // the buffer restarting and reporting again
        Buffer(fixture, expires.AddDays(90), expiring: false);
        Buffer(fixture, expires.AddDays(90), expiring: false);

        var alerts = fixture.Drain();
        Assert.Equal(["storageCredentialExpiring", "storageCredentialRenewed"], alerts.Select(a => a.Kind));
        Assert.Equal("The storage SAS of BlobBuffer expires in 13.5 days (2026-12-14 10:00Z): write a renewed SAS URL into its SAS file (EDGECAM_STORAGE_SAS_FILE), or uploads stop", alerts[0].Text);
        Assert.Equal("The storage SAS of BlobBuffer was renewed: it expires 2027-03-14 10:00Z", alerts[1].Text);
        Assert.Equal(alerts[0].EventId, alerts[1].EventId);
        Assert.Equal("BlobBuffer", alerts[0].CameraId);
    }

    [Fact]
    public void Observe_NoSasOrFarFromExpiry_NoAlert()
    {
        using var fixture = new HealthMonitorFixture();

        fixture.Buffer(0, null, uploading: true);
        Buffer(fixture, fixture.Time.GetUtcNow().AddDays(200), expiring: false);

        Assert.Empty(fixture.Drain());
    }

    [Fact]
    public void Observe_SasAlreadyExpired_AlertSaysSince()
    {
        using var fixture = new HealthMonitorFixture();

        Buffer(fixture, fixture.Time.GetUtcNow().AddMinutes(-30), expiring: true);

        Assert.StartsWith("The storage SAS of BlobBuffer expired 30 min ago", Assert.Single(fixture.Drain()).Text, StringComparison.Ordinal);
    }

    private static void Buffer(HealthMonitorFixture fixture, DateTimeOffset expires, bool expiring) => fixture.Monitor.Observe(ContractMessage.Create(
        new BufferHealth("BlobBuffer", 0, 0, true, fixture.Time.GetUtcNow()) { CredentialExpiresAt = expires, CredentialExpiring = expiring },
        ContractsJsonContext.Default.BufferHealth,
        MessageTypes.BufferHealth,
        "BlobBuffer"));
}

using System.Globalization;
using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// BlobBuffer's storage SAS: a <c>bufferHealth</c> saying it is within the buffer's warning window
/// (<see cref="BufferHealth.CredentialExpiring"/>) sends <c>storageCredentialExpiring</c> once; a later one saying it is
/// not (a renewed SAS, or none with an expiry) sends <c>storageCredentialRenewed</c> once. BlobBuffer re-checks the expiry
/// itself and reports the moment it enters the window, so no timer is needed here.
/// </summary>
public sealed class StorageCredentialRule(HealthContext context)
{
    /// <summary>Takes one <c>bufferHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(BufferHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (health.CredentialExpiring == true && health.CredentialExpiresAt is { } expires)
        {
            var left = expires - health.Time;
            var when = left <= TimeSpan.Zero ? $"expired {Duration(-left)} ago" : $"expires in {Duration(left)}";
            context.Emit(context.Episodes.Raise(health.Buffer, HealthCondition.StorageCredentialExpiring, health.Time, string.Create(CultureInfo.InvariantCulture,
                $"The storage SAS of {health.Buffer} {when} ({expires:yyyy-MM-dd HH:mm}Z): write a renewed SAS URL into its SAS file (EDGECAM_STORAGE_SAS_FILE), or uploads stop")));
            return;
        }

        context.Emit(context.Episodes.Recover(health.Buffer, HealthCondition.StorageCredentialExpiring, health.Time, since =>
            health.CredentialExpiresAt is { } renewed
                ? string.Create(CultureInfo.InvariantCulture, $"The storage SAS of {health.Buffer} was renewed: it expires {renewed:yyyy-MM-dd HH:mm}Z")
                : $"The storage credential of {health.Buffer} no longer expires (no SAS in use)"));
    }

    private static string Duration(TimeSpan span) =>
        span >= TimeSpan.FromDays(2) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days") : DurationText.Of(span);
}

using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts.Health;

namespace EdgeCam.BlobBuffer.Reporting;

/// <summary>
/// Decides when BlobBuffer sends <see cref="BufferHealth"/> on output <c>health</c>, on the contract's cadence: at once
/// when the backlog turns empty or non-empty or uploading turns failing or working again (and the first time), and
/// otherwise at most once per <see cref="Interval"/> while anything in it changed. It is asked after every accepted clip
/// and every upload attempt, so a change held back by the interval goes out with the next one after it.
/// </summary>
public sealed class BufferHealthReport(string buffer, TimeProvider timeProvider)
{
    /// <summary>The shortest time between two reports that carry only counts (no state change).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private BufferHealth? _lastSent;

    /// <summary>The report to send now, or null when nothing needs saying yet.</summary>
    /// <param name="store">The backlog.</param>
    /// <param name="uploader">Whether uploads work.</param>
    /// <param name="credentialExpiresAt">When the storage SAS expires (null: no expiry known).</param>
    /// <param name="credentialExpiring">Whether that is within the warning window; a change is sent at once.</param>
    public BufferHealth? Next(ClipStore store, ClipUploader uploader, DateTimeOffset? credentialExpiresAt = null, bool credentialExpiring = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(uploader);
        var pending = store.Pending();
        var now = timeProvider.GetUtcNow();
        var current = new BufferHealth(
            buffer,
            pending.Count,
            pending.Sum(c => c.SizeBytes),
            Uploading: uploader.LastError is null,
            now,
            OldestPendingSince: pending.Count > 0 ? pending.Min(c => c.AcceptedAt) : null,
            LastUploadAt: uploader.LastUploadAt)
        {
            CredentialExpiresAt = credentialExpiresAt,
            CredentialExpiring = credentialExpiresAt is null ? null : credentialExpiring,
        };
        if (!ShouldSend(_lastSent, current))
        {
            return null;
        }

        _lastSent = current;
        return current;
    }

    private static bool ShouldSend(BufferHealth? last, BufferHealth current)
    {
        if (last is null || (last.PendingCount == 0) != (current.PendingCount == 0) || last.Uploading != current.Uploading
            || last.CredentialExpiresAt != current.CredentialExpiresAt || last.CredentialExpiring != current.CredentialExpiring)
        {
            return true;
        }

        return current with { Time = last.Time } != last && current.Time - last.Time >= Interval;
    }
}

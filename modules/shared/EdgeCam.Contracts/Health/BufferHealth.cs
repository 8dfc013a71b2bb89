namespace EdgeCam.Contracts.Health;

/// <summary>
/// Where BlobBuffer's backlog stands, sent on its output <c>health</c>: at once when the backlog turns empty or non-empty
/// or an upload attempt changes from succeeding to failing (or back), and otherwise at most once per report interval
/// while anything in it changed. EventRouter turns it into the "uploads stuck" alert and the Home Assistant backlog sensors.
/// </summary>
/// <param name="Buffer">Who reports: the buffer's module id.</param>
/// <param name="PendingCount">Blobs accepted and not yet confirmed by cloud storage.</param>
/// <param name="PendingBytes">Their size on disk.</param>
/// <param name="Uploading">False while the last upload attempt failed (link down, storage refusing); true otherwise.</param>
/// <param name="Time">When this report was made.</param>
/// <param name="OldestPendingSince">When the oldest pending blob was accepted; null (omitted) when nothing is pending.</param>
/// <param name="LastUploadAt">When cloud storage last confirmed an upload; null (omitted) when none since the buffer started.</param>
public sealed record BufferHealth(
    string Buffer,
    int PendingCount,
    long PendingBytes,
    bool Uploading,
    DateTimeOffset Time,
    DateTimeOffset? OldestPendingSince = null,
    DateTimeOffset? LastUploadAt = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>When the buffer's storage SAS expires; null (omitted) for an account key, a SAS without expiry, or no cloud storage.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    /// <summary>
    /// True once <see cref="CredentialExpiresAt"/> is within the buffer's warning window (<c>sasExpiryWarningDays</c>) or
    /// past; EventRouter raises <c>storageCredentialExpiring</c> on it. Sent at once when it flips or the SAS is renewed.
    /// </summary>
    public bool? CredentialExpiring { get; init; }
}

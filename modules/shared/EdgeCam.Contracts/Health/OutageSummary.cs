namespace EdgeCam.Contracts.Health;

/// <summary>
/// Sent once by BlobBuffer on its output <c>health</c> when uploads work again after an outage (cloud storage unreachable
/// or failing) that lasted at least its threshold: what happened while the device was cut off. EventRouter turns it
/// into one <c>outageSummary</c> alert. The message id is <c>&lt;buffer&gt;.outage.&lt;from, Unix ms&gt;</c>, so a
/// summary sent again after a crash can be dropped as a duplicate.
/// </summary>
/// <param name="Buffer">Who reports: the buffer's module id.</param>
/// <param name="From">When the first upload attempt that failed started.</param>
/// <param name="To">When cloud storage confirmed an upload again.</param>
/// <param name="EventsAccepted">Distinct events (motion or trigger) whose clips were accepted during the outage.</param>
/// <param name="ClipsAccepted">Files accepted during the outage (clips of every kind; snapshots not counted).</param>
/// <param name="ClipsWaiting">Clips and snapshots still waiting for upload when the summary was made.</param>
/// <param name="BytesWaiting">Their size on disk.</param>
/// <param name="OldestPendingSince">When the oldest waiting file was accepted; null (omitted) when none waits.</param>
/// <param name="Evicted">Files the capacity policy evicted during the outage (lost to the cloud).</param>
public sealed record OutageSummary(
    string Buffer,
    DateTimeOffset From,
    DateTimeOffset To,
    int EventsAccepted,
    int ClipsAccepted,
    int ClipsWaiting,
    long BytesWaiting,
    DateTimeOffset? OldestPendingSince,
    int Evicted)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

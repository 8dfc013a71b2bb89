namespace EdgeCam.Contracts.Blobs;

/// <summary>
/// Sent by BlobBuffer on output <c>links</c> for every <c>motionStarted</c> that names a snapshot: the snapshot's blob
/// name and, where the storage credential can make one, its read link; EventRouter puts both into the motion alert.
/// Signed before the snapshot is uploaded (signing needs no network), so the alert waits for no upload.
/// </summary>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The motion event.</param>
/// <param name="BlobName">The snapshot's blob name (<see cref="BlobNames.Snapshot"/>).</param>
/// <param name="Link">The read link; null when <paramref name="NoReadLink"/> says why, or read links are off.</param>
/// <param name="NoReadLink">One line saying why there is no link (e.g. <c>no read link: the storage credential cannot read</c>); null when there is one or read links are off.</param>
public sealed record SnapshotLink(string CameraId, string EventId, string BlobName, ReadLink? Link = null, string? NoReadLink = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

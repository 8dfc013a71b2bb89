namespace EdgeCam.Contracts.Snapshots;

/// <summary>
/// Sent by CameraCapture on output <c>snapshots</c> once an event's colour snapshot is on the shared volume (written
/// and flushed): BlobBuffer uploads it ahead of any clip, as <see cref="Blobs.BlobNames.Snapshot"/>.
/// </summary>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The motion event; <c>motionStarted</c> named the same file in its <c>snapshotPath</c>.</param>
/// <param name="SnapshotPath">The JPEG, relative to the shared volume root.</param>
/// <param name="EventStart">The event's start (<c>motionStarted.start</c>): dates the blob name, so anyone can derive it.</param>
/// <param name="TakenAt">Wall-clock time of the frame in the JPEG (at or just after the event start).</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="ContentMd5">Base64 MD5 of the file.</param>
public sealed record SnapshotReady(
    string CameraId,
    string EventId,
    string SnapshotPath,
    DateTimeOffset EventStart,
    DateTimeOffset TakenAt,
    long SizeBytes,
    string ContentMd5)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

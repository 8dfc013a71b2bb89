namespace EdgeCam.Contracts.Alerts;

/// <summary>
/// Sent by EventRouter on output <c>alerts</c> (routed to <c>$upstream</c>): what a person or a home automation is told.
/// The <see cref="AlertId"/> doubles as the IoT Hub message id (<c>$.mid</c>), so receivers can drop duplicates.
/// </summary>
/// <param name="AlertId">Stable id: the same event always yields the same alert id.</param>
/// <param name="Kind">What happened, for example <c>motion</c>.</param>
/// <param name="CameraId">The camera concerned.</param>
/// <param name="EventId">The event the alert is about.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Score">Share of the frame that changed, 0..1.</param>
/// <param name="Text">One human-readable line.</param>
/// <param name="SnapshotPath">A JPEG on the shared volume, relative to its root, or null.</param>
public sealed record Alert(
    string AlertId,
    string Kind,
    string CameraId,
    string EventId,
    DateTimeOffset Time,
    double Score,
    string Text,
    string? SnapshotPath = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>The event's colour snapshot in cloud storage (blob name in BlobBuffer's container), named before it is uploaded.</summary>
    public string? SnapshotBlob { get; init; }

    /// <summary>The event's clip in cloud storage (on the <c>clipAvailable</c> follow-up).</summary>
    public string? ClipBlob { get; init; }

    /// <summary>A time-limited read link to the blob this alert names (the snapshot on <c>motion</c>, the clip on <c>clipAvailable</c>).</summary>
    public Blobs.ReadLink? ReadLink { get; init; }

    /// <summary>One line saying why the alert carries no read link, e.g. <c>no read link: the storage credential cannot read</c>.</summary>
    public string? NoReadLink { get; init; }
}

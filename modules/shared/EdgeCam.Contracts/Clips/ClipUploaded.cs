namespace EdgeCam.Contracts.Clips;

/// <summary>Sent by BlobBuffer on output <c>uploaded</c> once the target confirmed a clip.</summary>
/// <param name="CameraId">The camera the footage comes from.</param>
/// <param name="EventId">The motion event the clip covers.</param>
/// <param name="ClipPath">The clip as it was handed in, relative to the shared volume root.</param>
/// <param name="Target">Where it went: a blob URL without credentials, or a local folder path.</param>
/// <param name="BlobName">Name of the blob inside its container.</param>
/// <param name="SizeBytes">Bytes committed.</param>
/// <param name="ContentMd5">Base64 MD5 the target stored.</param>
/// <param name="UploadedAt">When the target confirmed it.</param>
/// <param name="Kind">
/// What was uploaded: one of <see cref="ClipKinds"/>, as its <see cref="ClipReady.Kind"/> said. Only an event's clip
/// (<see cref="ClipKinds.Event"/>) is the follow-up of a motion alert; continuous footage, exports and time-lapses are not
/// announced to the user. A trailing constructor parameter with a default, so that a message without it (written before
/// kinds existed) reads as an event's clip: the JSON source generator assigns an init-only property even when absent.
/// </param>
public sealed record ClipUploaded(
    string CameraId,
    string EventId,
    string ClipPath,
    string Target,
    string BlobName,
    long SizeBytes,
    string ContentMd5,
    DateTimeOffset UploadedAt,
    string Kind = ClipKinds.Event)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>A time-limited read link to the blob, where BlobBuffer's credential can make one and read links are on
    /// (added after schema version 1 was published; omitted otherwise).</summary>
    public Blobs.ReadLink? ReadLink { get; init; }

    /// <summary>One line saying why there is no read link although read links are on (e.g. a write-only SAS).</summary>
    public string? NoReadLink { get; init; }
}

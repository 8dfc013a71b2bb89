using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.Contracts.Clips;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// What a buffered file is: an event's colour snapshot (JPEG), or an MP4 of one of <see cref="ClipKinds"/> (an event clip,
/// an export, a time-lapse, continuous footage). The kind sets the upload order (<see cref="Priority"/>).
/// </summary>
public static class BlobKinds
{
    public const string Clip = ClipKinds.Event;
    public const string Snapshot = "snapshot";
    public const string Footage = ClipKinds.Footage;
    public const string Export = ClipKinds.Export;
    public const string Timelapse = ClipKinds.Timelapse;

    /// <summary>The file extension of <paramref name="kind"/>, with its dot.</summary>
    public static string Extension(string kind) => kind == Snapshot ? ".jpg" : ".mp4";

    /// <summary>The Content-Type its blob gets.</summary>
    public static string ContentType(string kind) => kind == Snapshot ? "image/jpeg" : "video/mp4";

    /// <summary>
    /// Upload order, lowest first: snapshots (what an alert links to), then event clips and exports (someone asked for
    /// them), then time-lapses, then continuous footage, which only ever uses what the others leave.
    /// </summary>
    public static int Priority(string kind) => kind switch
    {
        Snapshot => 0,
        Clip or Export => 1,
        Timelapse => 2,
        _ => 3,
    };
}

/// <summary>A clip (or snapshot, see <see cref="Kind"/>) the store accepted: its identity, where it came from and what it must hash to.</summary>
/// <param name="Id">The store's file name stem: derived from camera and event, so a re-sent clipReady is the same clip.</param>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The motion event.</param>
/// <param name="ClipPath">The clip as handed in, relative to the shared volume root.</param>
/// <param name="Start">Media time of the first frame (names the blob's date folder, in UTC); for a snapshot, the event start.</param>
/// <param name="End">Media time just after the last frame.</param>
/// <param name="SizeBytes">Verified size.</param>
/// <param name="ContentMd5">Verified base64 MD5.</param>
/// <param name="AcceptedAt">When the store made it durable.</param>
public sealed record BufferedClip(
    string Id,
    string CameraId,
    string EventId,
    string ClipPath,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string ContentMd5,
    DateTimeOffset AcceptedAt)
{
    /// <summary>One of <see cref="BlobKinds"/> (journals written before snapshots existed read as clips).</summary>
    public string Kind { get; init; } = BlobKinds.Clip;

    /// <summary>
    /// Set when the store encrypted the file for the owner: then <see cref="SizeBytes"/>, <see cref="ContentMd5"/> and the
    /// buffered file are the ciphertext's, and this holds the plaintext's MD5 and the blob's encryption metadata.
    /// </summary>
    public EncryptedContent? Encryption { get; init; }

    /// <summary>The MD5 of what was handed in (the plaintext's when encrypted): a re-sent message must match it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string IncomingMd5 => Encryption?.PlaintextMd5 ?? ContentMd5;

    /// <summary>The size of what was handed in.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long IncomingSizeBytes => Encryption?.PlaintextSizeBytes ?? SizeBytes;

    /// <summary>True for an event snapshot.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSnapshot => Kind == BlobKinds.Snapshot;
}

namespace EdgeCam.BlobBuffer.Store;

/// <summary>A clip the store accepted: its identity, where it came from and what it must hash to.</summary>
/// <param name="Id">The store's file name stem: derived from camera and event, so a re-sent clipReady is the same clip.</param>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The motion event.</param>
/// <param name="ClipPath">The clip as handed in, relative to the shared volume root.</param>
/// <param name="Start">Media time of the first frame (names the blob's date folder, in UTC).</param>
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
    DateTimeOffset AcceptedAt);

using EdgeCam.BlobBuffer.Store;
using EdgeCam.Contracts.Blobs;

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>
/// Blob names (<see cref="BlobNames"/>, shared so an alert can name a blob before it is uploaded):
/// <c>&lt;cameraId&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;eventId&gt;.mp4</c> dated by the clip start in UTC, and
/// <c>….jpg</c> for an event snapshot, dated by the event start.
/// </summary>
public static class BlobNaming
{
    public static string For(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return clip.IsSnapshot ? BlobNames.Snapshot(clip.CameraId, clip.EventId, clip.Start) : BlobNames.Clip(clip.CameraId, clip.EventId, clip.Start);
    }
}

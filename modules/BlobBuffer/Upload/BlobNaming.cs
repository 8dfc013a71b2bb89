using EdgeCam.BlobBuffer.Store;
using EdgeCam.Contracts.Blobs;

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>
/// Blob names (<see cref="BlobNames"/>, shared so an alert can name a blob before it is uploaded):
/// <c>&lt;cameraId&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;eventId&gt;.mp4</c> dated by the clip start in UTC, and
/// <c>….jpg</c> for an event snapshot, dated by the event start; footage, exports and time-lapses in folders of their own
/// (a time-lapse made on demand is named by its event id, beside the day's).
/// </summary>
public static class BlobNaming
{
    public static string For(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return clip.Kind switch
        {
            BlobKinds.Snapshot => BlobNames.Snapshot(clip.CameraId, clip.EventId, clip.Start),
            BlobKinds.Footage => BlobNames.Footage(clip.CameraId, clip.Start),
            BlobKinds.Export => BlobNames.Export(clip.CameraId, clip.EventId, clip.Start),
            BlobKinds.Timelapse => BlobNames.Timelapse(clip.CameraId, clip.EventId, clip.Start),
            _ => BlobNames.Clip(clip.CameraId, clip.EventId, clip.Start),
        };
    }
}

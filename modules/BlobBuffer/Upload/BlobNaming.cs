using System.Globalization;
using EdgeCam.BlobBuffer.Store;

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>Blob names: <c>&lt;cameraId&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;eventId&gt;.mp4</c>, dated by the clip start in UTC.</summary>
public static class BlobNaming
{
    public static string For(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var day = clip.Start.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{clip.CameraId}/{day:yyyy}/{day:MM}/{day:dd}/{clip.EventId}.mp4");
    }
}

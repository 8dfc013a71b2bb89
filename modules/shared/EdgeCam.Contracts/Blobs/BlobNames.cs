using System.Globalization;

namespace EdgeCam.Contracts.Blobs;

/// <summary>
/// The names of an event's blobs in cloud storage (inside BlobBuffer's container), derived from the event alone so that
/// an alert can name a blob before it is uploaded. BlobBuffer uploads under exactly these names (a clip whose name is
/// taken by other content goes beside it with an MD5 suffix; its <c>clipUploaded</c> names that).
/// </summary>
public static class BlobNames
{
    /// <summary><c>&lt;cameraId&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;eventId&gt;.mp4</c>, dated by the clip's start in UTC.</summary>
    public static string Clip(string cameraId, string eventId, DateTimeOffset clipStart) => Dated(cameraId, eventId, clipStart, ".mp4");

    /// <summary><c>&lt;cameraId&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;eventId&gt;.jpg</c>, dated by the event's start in UTC.</summary>
    public static string Snapshot(string cameraId, string eventId, DateTimeOffset eventStart) => Dated(cameraId, eventId, eventStart, ".jpg");

    /// <summary>
    /// <c>&lt;cameraId&gt;/footage/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;yyyyMMddTHHmmssZ&gt;.mp4</c>: a file of continuous footage,
    /// named and dated by its start in UTC.
    /// </summary>
    public static string Footage(string cameraId, DateTimeOffset start)
    {
        var utc = start.UtcDateTime;
        return Dated(cameraId + "/footage", string.Create(CultureInfo.InvariantCulture, $"{utc:yyyyMMdd'T'HHmmss'Z'}"), start, ".mp4");
    }

    /// <summary><c>&lt;cameraId&gt;/exports/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;exportId&gt;.mp4</c>, dated by the start of the range in UTC.</summary>
    public static string Export(string cameraId, string exportId, DateTimeOffset rangeStart) => Dated(cameraId + "/exports", exportId, rangeStart, ".mp4");

    /// <summary><c>&lt;cameraId&gt;/timelapse/&lt;yyyy&gt;/&lt;MM&gt;/&lt;yyyy-MM-dd&gt;.mp4</c>: the time-lapse of one UTC day.</summary>
    public static string Timelapse(string cameraId, DateTimeOffset day)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        var utc = day.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{cameraId}/timelapse/{utc:yyyy}/{utc:MM}/{utc:yyyy-MM-dd}.mp4");
    }

    private static string Dated(string cameraId, string eventId, DateTimeOffset time, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var day = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{cameraId}/{day:yyyy}/{day:MM}/{day:dd}/{eventId}{extension}");
    }
}

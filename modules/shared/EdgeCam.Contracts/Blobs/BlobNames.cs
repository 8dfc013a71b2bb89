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

    /// <summary>The prefix of a time-lapse's event id; the rest names its blob.</summary>
    public const string TimelapseEventPrefix = "timelapse-";

    /// <summary>
    /// <c>&lt;cameraId&gt;/timelapse/&lt;yyyy&gt;/&lt;MM&gt;/&lt;name&gt;.mp4</c>, dated by the UTC day it shows, the name its
    /// event id without <see cref="TimelapseEventPrefix"/>: <c>&lt;yyyy-MM-dd&gt;</c> for the day's time-lapse
    /// (<c>timelapse-&lt;yyyy-MM-dd&gt;</c>), <c>&lt;yyyy-MM-dd&gt;-partial-&lt;HHmmss&gt;</c> for one made on demand before the
    /// day ended, so the two never share a name.
    /// </summary>
    public static string Timelapse(string cameraId, string eventId, DateTimeOffset day)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var name = eventId.StartsWith(TimelapseEventPrefix, StringComparison.Ordinal) && eventId.Length > TimelapseEventPrefix.Length ? eventId[TimelapseEventPrefix.Length..] : eventId;
        var utc = day.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{cameraId}/timelapse/{utc:yyyy}/{utc:MM}/{name}.mp4");
    }

    private static string Dated(string cameraId, string eventId, DateTimeOffset time, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var day = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{cameraId}/{day:yyyy}/{day:MM}/{day:dd}/{eventId}{extension}");
    }
}

using System.Globalization;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.EventRouter.Alerts;

/// <summary>Turns events into alerts. Alert ids derive from the event, so a redelivery yields the same id (<c>$.mid</c>).</summary>
public static class AlertComposer
{
    /// <summary>Alert kind for motion on a camera.</summary>
    public const string MotionKind = "motion";

    /// <summary>Alert kind of the follow-up that names an event's clip once it is in storage.</summary>
    public const string ClipAvailableKind = "clipAvailable";

    /// <summary>The line of a motion alert whose snapshot link did not come from BlobBuffer in time.</summary>
    public static readonly string NoAnswer = string.Create(CultureInfo.InvariantCulture, $"no read link: BlobBuffer did not answer within {SnapshotLinks.Patience.TotalSeconds:0} s");

    /// <summary>Alert kind for a camera whose capture failed.</summary>
    public const string CameraFailedKind = "cameraFailed";

    /// <summary>Alert kind for a volume below SegmentRecorder's free-space floor (Health/StorageRule).</summary>
    public const string StorageLowKind = "storageLow";

    /// <summary>Alert kind for a volume back above the floor after <see cref="StorageLowKind"/>.</summary>
    public const string StorageRecoveredKind = "storageRecovered";

    /// <summary>
    /// The alert sent as soon as motion starts. With a snapshot, it names the snapshot's blob (derived from the event, so
    /// before the upload) and carries BlobBuffer's read link, or the line saying why there is none.
    /// </summary>
    public static Alert ForMotion(MotionStarted started, SnapshotLink? link = null) => ForMotionWithoutSnapshot(started) with
    {
        SnapshotBlob = started.SnapshotPath is null ? null : link?.BlobName ?? BlobNames.Snapshot(started.CameraId, started.EventId, started.Start),
        ReadLink = started.SnapshotPath is null ? null : link?.Link,
        NoReadLink = started.SnapshotPath is null ? null : link is null ? NoAnswer : link.NoReadLink,
    };

    /// <summary>The follow-up once an event's clip (or one part of it) is in storage: its blob name and read link.</summary>
    public static Alert ForClip(ClipUploaded uploaded)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
        return new Alert(
            AlertId: $"{uploaded.CameraId}:{uploaded.EventId}:{ClipAvailableKind}",
            Kind: ClipAvailableKind,
            CameraId: uploaded.CameraId,
            EventId: uploaded.EventId,
            Time: uploaded.UploadedAt,
            Score: 0,
            Text: $"Clip of {uploaded.CameraId} event {uploaded.EventId} is in storage as {uploaded.BlobName}")
        {
            ClipBlob = uploaded.BlobName,
            ReadLink = uploaded.ReadLink,
            NoReadLink = uploaded.NoReadLink,
        };
    }

    /// <summary>The motion event a clip's event id belongs to: <c>&lt;event&gt;.partN</c> (a long event's later parts) is <c>&lt;event&gt;</c>.</summary>
    public static string EventOf(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        var part = eventId.LastIndexOf(".part", StringComparison.Ordinal);
        return part > 0 && eventId.Length > part + 5 && eventId[(part + 5)..].All(char.IsAsciiDigit) ? eventId[..part] : eventId;
    }

    private static Alert ForMotionWithoutSnapshot(MotionStarted started) => new(
        AlertId: $"{started.CameraId}:{started.EventId}:motion",
        Kind: MotionKind,
        CameraId: started.CameraId,
        EventId: started.EventId,
        Time: started.Start,
        Score: started.Score,
        Text: string.Create(CultureInfo.InvariantCulture, $"Motion on {started.CameraId} at {started.Start:HH:mm:ss}Z ({started.Score * 100:F1}% of the frame changed)"),
        SnapshotPath: started.SnapshotPath);

    /// <summary>The alert sent when a camera's capture fails and will not recover by itself.</summary>
    public static Alert ForFailedCamera(CameraHealth health) => new(
        AlertId: string.Create(CultureInfo.InvariantCulture, $"{health.CameraId}:failed:{health.Time.ToUnixTimeMilliseconds()}"),
        Kind: CameraFailedKind,
        CameraId: health.CameraId,
        EventId: string.Create(CultureInfo.InvariantCulture, $"failed-{health.Time.ToUnixTimeMilliseconds()}"),
        Time: health.Time,
        Score: 0,
        Text: $"Camera {health.CameraId} stopped: {health.Error ?? "capture failed"}");

    /// <summary>Alert kind of BlobBuffer's one summary after uploads resumed following an outage.</summary>
    public const string OutageSummaryKind = "outageSummary";

    /// <summary>
    /// The alert for BlobBuffer's <see cref="OutageSummary"/>, e.g. <c>Back online after 3 h 12 min: 14 events, 9 clips
    /// waiting, oldest from 02:10Z</c>. Its id derives from the outage's start, so a summary sent again is a duplicate.
    /// </summary>
    public static Alert ForOutage(OutageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var from = summary.From.ToUnixTimeMilliseconds();
        var span = summary.To - summary.From;
        var duration = span >= TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
            : span >= TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min") : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s");
        var text = string.Create(CultureInfo.InvariantCulture, $"Back online after {duration}: {summary.EventsAccepted} events, {summary.ClipsWaiting} clips waiting");
        if (summary.OldestPendingSince is { } oldest)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", oldest from {oldest.UtcDateTime:HH:mm}Z");
        }

        if (summary.Evicted > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {summary.Evicted} evicted for lack of space");
        }

        return new Alert(
            AlertId: string.Create(CultureInfo.InvariantCulture, $"{summary.Buffer}:outage:{from}"),
            Kind: OutageSummaryKind,
            CameraId: summary.Buffer,
            EventId: string.Create(CultureInfo.InvariantCulture, $"outage-{from}"),
            Time: summary.To,
            Score: 0,
            Text: text);
    }

    /// <summary>The line of a storage alert: low (below the floor) or recovered.</summary>
    public static string StorageText(StorageHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var free = health.FreeBytes / (1024.0 * 1024.0);
        var floor = health.FloorBytes / (1024.0 * 1024.0);
        return health.State == StorageState.BelowFloor
            ? string.Create(CultureInfo.InvariantCulture, $"Storage low: {free:0.0} MB free, below the {floor:0.0} MB floor; all unprotected footage is already evicted, recording may pause")
            : string.Create(CultureInfo.InvariantCulture, $"Storage recovered: {free:0.0} MB free, floor {floor:0.0} MB");
    }
}

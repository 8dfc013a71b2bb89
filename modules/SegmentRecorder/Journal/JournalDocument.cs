using System.Text.Json.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.SegmentRecorder.Cutting;

namespace EdgeCam.SegmentRecorder.Journal;

/// <summary>
/// One journal file, <c>&lt;event&gt;.json</c>: an open event (<see cref="End"/> null), or an ended event's clip job
/// with the window settings it ended under and its last part. A triggered clip's job also names its trigger
/// (absent in files written before triggers existed, which read as motion jobs).
/// </summary>
internal sealed record JournalDocument(
    int Version,
    string CameraId,
    string EventId,
    DateTimeOffset Start,
    DateTimeOffset? End,
    double PeakScore,
    int MotionFrames,
    double PreRollSeconds,
    double PostRollSeconds,
    double MaxClipSeconds,
    ClipJobProgress? Progress,
    ClipTrigger? Trigger = null)
{
    /// <summary>The layout written now; another one is unreadable (moved aside).</summary>
    public const int CurrentVersion = 1;

    /// <summary>True while the event has not ended.</summary>
    [JsonIgnore]
    public bool IsOpen => End is null;

    /// <summary>Why the document cannot be used for the file named <paramref name="fileEventId"/>, or null when it can.</summary>
    public string? Problem(string fileEventId)
    {
        if (Version != CurrentVersion)
        {
            return $"version {Version}, not {CurrentVersion}";
        }

        if (!EventIds.IsValid(EventId) || !string.Equals(EventId, fileEventId, StringComparison.Ordinal))
        {
            return $"event id '{EventId}' does not match the file name";
        }

        if (string.IsNullOrWhiteSpace(CameraId))
        {
            return "no camera id";
        }

        if (PreRollSeconds < 0 || (End is not null && (PostRollSeconds < 0 || MaxClipSeconds <= 0)))
        {
            return "clip window settings out of range";
        }

        if (Progress is { } p && (End is null || p.Part < 1 || (p.Clip is { } clip && (string.IsNullOrWhiteSpace(clip.ClipPath) || string.IsNullOrWhiteSpace(clip.ContentMd5) || clip.SizeBytes <= 0))))
        {
            return "part record incomplete";
        }

        return null;
    }
}

/// <summary>The JSON shape of journal files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(JournalDocument))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
}

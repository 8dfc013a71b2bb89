namespace EdgeCam.Contracts.Triggers;

/// <summary>
/// Sent by EventRouter on output <c>trigger</c> (to SegmentRecorder's input <c>trigger</c>) when something outside the
/// camera's own motion wants a clip kept: a doorbell, an alarm panel, an EventRouter rule. SegmentRecorder keeps
/// [<see cref="Time"/> − pre-roll, <see cref="Time"/> + <see cref="DurationSeconds"/>] of the camera as a clip, through
/// the same path as a motion event's clip.
/// </summary>
/// <param name="CameraId">The camera whose footage is kept.</param>
/// <param name="TriggerId">
/// The deduplication key: a trigger id already recorded (also before a restart) does not make another clip. The clip's
/// event id is <c>trigger-&lt;TriggerId&gt;</c>, so the id may hold letters, digits, '-', '_' and '.' (at most 100).
/// </param>
/// <param name="Time">When the trigger happened, UTC wall clock (media times are wall clock too).</param>
/// <param name="DurationSeconds">Footage wanted after <see cref="Time"/> (the clip's "post-roll").</param>
/// <param name="Source">What sent it: <c>method</c> (direct method), <c>mqtt</c>, <c>rule</c>.</param>
/// <param name="Reason">Free text from the sender (<c>doorbell</c>, <c>motion on CameraCapture</c>), or null.</param>
/// <param name="PreRollSeconds">Footage wanted before <see cref="Time"/>; null: the recorder's <c>preRollSeconds</c>.</param>
public sealed record RecordingTrigger(
    string CameraId,
    string TriggerId,
    DateTimeOffset Time,
    double DurationSeconds,
    string Source,
    string? Reason = null,
    double? PreRollSeconds = null)
{
    /// <summary>The longest trigger id (the clip's event id adds a prefix and must stay a short file name).</summary>
    public const int MaxTriggerIdLength = 100;

    /// <summary>The longest duration a trigger may ask for (a longer clip becomes consecutive parts, as a long event does).</summary>
    public const double MaxDurationSeconds = 3600;

    /// <summary>The longest pre-roll a trigger may ask for (as SegmentRecorder's <c>preRollSeconds</c>).</summary>
    public const double MaxPreRollSeconds = 60;

    /// <summary>Prefix of the event id of a triggered clip.</summary>
    public const string EventIdPrefix = "trigger-";

    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>The event id of the clip: <c>trigger-&lt;TriggerId&gt;</c>.</summary>
    public string EventId => EventIdPrefix + TriggerId;

    /// <summary>What is wrong with this trigger, in one line naming the field, or null when it can be recorded.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(CameraId))
        {
            return "cameraId is missing";
        }

        if (string.IsNullOrEmpty(TriggerId) || TriggerId.Length > MaxTriggerIdLength || TriggerId is "." or ".."
            || !TriggerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"triggerId '{TriggerId}' must be 1 to {MaxTriggerIdLength} letters, digits, '-', '_' or '.'";
        }

        if (!double.IsFinite(DurationSeconds) || DurationSeconds <= 0 || DurationSeconds > MaxDurationSeconds)
        {
            return $"durationSeconds must be above 0 and at most {MaxDurationSeconds}, got {DurationSeconds}";
        }

        if (PreRollSeconds is { } preRoll && (!double.IsFinite(preRoll) || preRoll < 0 || preRoll > MaxPreRollSeconds))
        {
            return $"preRollSeconds must be 0 to {MaxPreRollSeconds}, got {preRoll}";
        }

        return string.IsNullOrWhiteSpace(Source) ? "source is missing" : null;
    }
}

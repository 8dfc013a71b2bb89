using System.Text.Json.Serialization;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Triggers;
using EdgeCam.SegmentRecorder.Settings;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>
/// An ended event waiting for its clips: the event, the clip window settings in force when it ended (a job resumed
/// after a restart covers the same window even if the twin changed meanwhile), and how far it got.
/// </summary>
/// <param name="Motion">The ended event.</param>
/// <param name="PreRollSeconds">Pre-roll when it ended.</param>
/// <param name="PostRollSeconds">Post-roll when it ended.</param>
/// <param name="MaxClipSeconds">Maximum clip length when it ended.</param>
/// <param name="Progress">The last part cut or given up; null before the first.</param>
/// <param name="Trigger">The trigger that asked for the clip (its <see cref="Motion"/> is then the trigger's window), or null for a motion event.</param>
public sealed record ClipJob(MotionEnded Motion, double PreRollSeconds, double PostRollSeconds, double MaxClipSeconds, ClipJobProgress? Progress = null, ClipTrigger? Trigger = null)
{
    /// <summary>A new job for <paramref name="motion"/> under <paramref name="settings"/>.</summary>
    public static ClipJob For(MotionEnded motion, SegmentRecorderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ClipJob(motion, settings.PreRollSeconds, settings.PostRollSeconds, settings.MaxClipSeconds);
    }

    /// <summary>
    /// A new job for <paramref name="trigger"/> (valid: <see cref="RecordingTrigger.Problem"/> is null): the "event" is
    /// [time, time + duration], the pre-roll the trigger's or the settings', no post-roll (the duration is the footage
    /// wanted after the trigger), the maximum clip length of the settings.
    /// </summary>
    public static ClipJob For(RecordingTrigger trigger, SegmentRecorderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(settings);
        var window = new MotionEnded(trigger.CameraId, trigger.EventId, trigger.Time, trigger.Time + TimeSpan.FromSeconds(trigger.DurationSeconds), 0, 0);
        return new ClipJob(
            window,
            trigger.PreRollSeconds ?? settings.PreRollSeconds,
            0,
            settings.MaxClipSeconds,
            Trigger: new ClipTrigger(trigger.TriggerId, trigger.Source, trigger.Reason));
    }

    /// <summary>The clip as sent: <paramref name="clip"/> naming this job's trigger, if it has one.</summary>
    public ClipReady Stamp(ClipReady clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return Trigger is null ? clip : clip with { Trigger = Trigger };
    }

    /// <summary>The event id.</summary>
    public string EventId => Motion.EventId;

    /// <summary><paramref name="current"/> with this job's clip window settings (the clip timeout stays the current one).</summary>
    public SegmentRecorderSettings Apply(SegmentRecorderSettings current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with { PreRollSeconds = PreRollSeconds, PostRollSeconds = PostRollSeconds, MaxClipSeconds = MaxClipSeconds };
    }
}

/// <summary>The last part of a job that was cut or given up.</summary>
/// <param name="Part">1-based part number.</param>
/// <param name="Cursor">Where the part's window started (where a re-cut starts).</param>
/// <param name="Next">Where the next part starts: the part's media end (its window end when it failed).</param>
/// <param name="Last">True when no part follows.</param>
/// <param name="Clip">The clip as cut (file, size, MD5); null when the part failed.</param>
/// <param name="HandedOver">True once <c>clipReady</c> was sent and accepted (or the part failed: nothing to hand over).</param>
public sealed record ClipJobProgress(int Part, DateTimeOffset Cursor, DateTimeOffset Next, bool Last, ClipReady? Clip, bool HandedOver)
{
    /// <summary>The part a resumed job starts with and its cursor; null when the job has nothing left to cut.</summary>
    [JsonIgnore]
    public (int Part, DateTimeOffset Cursor)? Resume => (Clip is null || HandedOver)
        ? (Last ? null : (Part + 1, Next))
        : (Part, Cursor);

    /// <summary>True when the part's clip was cut but its <c>clipReady</c> was not accepted yet: it is offered again as it is.</summary>
    [JsonIgnore]
    public bool AwaitsHandOver => Clip is not null && !HandedOver;
}

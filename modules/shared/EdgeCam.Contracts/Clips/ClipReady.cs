using EdgeCam.Contracts.Triggers;

namespace EdgeCam.Contracts.Clips;

/// <summary>Sent by SegmentRecorder on output <c>clipReady</c> once an event clip is closed on the shared volume.</summary>
/// <param name="CameraId">The camera the footage comes from.</param>
/// <param name="EventId">The motion event the clip covers.</param>
/// <param name="ClipPath">The MP4 file, relative to the shared volume root.</param>
/// <param name="Start">Media time of the clip's first frame.</param>
/// <param name="End">Media time just after the clip's last frame.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="ContentMd5">Base64 MD5 of the file, as Azure Blob Storage reports it.</param>
/// <param name="Part">
/// 1-based part of the event (optional in JSON, default 1): an event longer than the recorder's maximum clip becomes
/// consecutive clips that together cover it; part n ≥ 2 has the event id <c>&lt;event&gt;.part&lt;n&gt;</c>.
/// A constructor parameter with a default, so a message without it (schemaVersion 1.0) reads as part 1.
/// </param>
/// <param name="LastPart">True on the event's last clip (optional in JSON, default true: an event of one clip).</param>
/// <param name="Kind">
/// What the file is (<see cref="ClipKinds"/>; optional in JSON, default an event clip). Added after schema version 1 was
/// published, as a constructor parameter with a default so that an older message reads as an event clip.
/// </param>
public sealed record ClipReady(
    string CameraId,
    string EventId,
    string ClipPath,
    DateTimeOffset Start,
    DateTimeOffset End,
    long SizeBytes,
    string ContentMd5,
    int Part = 1,
    bool LastPart = true,
    string Kind = ClipKinds.Event)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>
    /// The trigger that asked for this clip (a doorbell, an alarm panel, a rule), or null for a motion event's clip.
    /// Added after schema version 1 was published; readers of older messages see it null.
    /// </summary>
    public ClipTrigger? Trigger { get; init; }

    public TimeSpan Duration => End - Start;
}

namespace EdgeCam.SegmentRecorder.Planning;

/// <summary>What a clip should cover: an event plus pre-roll and post-roll, never longer than a maximum.</summary>
/// <param name="EventStart">Media time of the event's first motion frame.</param>
/// <param name="EventEnd">Media time of its last motion frame.</param>
/// <param name="PreRoll">Footage wanted before the event.</param>
/// <param name="PostRoll">Footage wanted after the event.</param>
/// <param name="MaxLength">The longest clip; a longer window keeps its start (pre-roll and the event start) and loses its tail.</param>
public sealed record ClipRequest(DateTimeOffset EventStart, DateTimeOffset EventEnd, TimeSpan PreRoll, TimeSpan PostRoll, TimeSpan MaxLength)
{
    /// <summary>The window before clamping to the footage that exists: [start − pre-roll, min(end + post-roll, that + max)].</summary>
    public (DateTimeOffset Start, DateTimeOffset End) DesiredWindow
    {
        get
        {
            var start = EventStart - PreRoll;
            var end = EventEnd < EventStart ? EventStart + PostRoll : EventEnd + PostRoll;
            return (start, end - start > MaxLength ? start + MaxLength : end);
        }
    }
}

namespace EdgeCam.SegmentRecorder.Planning;

/// <summary>What a clip should cover: an event plus pre-roll and post-roll, never longer than a maximum.</summary>
/// <param name="EventStart">Media time of the event's first motion frame.</param>
/// <param name="EventEnd">Media time of its last motion frame.</param>
/// <param name="PreRoll">Footage wanted before the event.</param>
/// <param name="PostRoll">Footage wanted after the event.</param>
/// <param name="MaxLength">The longest clip; a longer event is cut into consecutive parts (<see cref="PartWindow"/>).</param>
public sealed record ClipRequest(DateTimeOffset EventStart, DateTimeOffset EventEnd, TimeSpan PreRoll, TimeSpan PostRoll, TimeSpan MaxLength)
{
    /// <summary>
    /// How far before the maximum length a part's window ends: the tail is cut on a frame at or just after the window end
    /// (decoder delay plus one frame), so this keeps every part within <see cref="MaxLength"/>.
    /// </summary>
    public static readonly TimeSpan EndSlack = TimeSpan.FromSeconds(0.5);

    /// <summary>The whole event: [start − pre-roll, end + post-roll], before clamping to the footage that exists.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) EventWindow
    {
        get
        {
            var start = EventStart - PreRoll;
            return (start, EventEnd < EventStart ? EventStart + PostRoll : EventEnd + PostRoll);
        }
    }

    /// <summary>
    /// The window of the part that starts at <paramref name="cursor"/> (the event window's start, or where the previous
    /// part's media ended) when its first frame is at <paramref name="firstFrame"/> (a keyframe at or before the cursor):
    /// [cursor, min(first frame + max − <see cref="EndSlack"/>, event end)]. Parts meet without a gap and none is longer than the maximum.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) PartWindow(DateTimeOffset cursor, DateTimeOffset firstFrame)
    {
        var end = EventWindow.End;
        var limit = (firstFrame < cursor ? firstFrame : cursor) + MaxLength - EndSlack;
        return (cursor, limit < end ? limit : end);
    }

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

using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Planning;

/// <summary>
/// Chooses the segments of a clip. Pure: it sees only the list of closed segments, so it is tested without files.
/// <list type="number">
/// <item>The window is [event start − pre-roll, event end + post-roll], cut to the maximum length keeping its start.</item>
/// <item>One capture session is used (the one recording at the event start, else the first one overlapping the
/// window): concatenating across a capture restart would hide the gap between sessions and mix encoder settings.</item>
/// <item>The start is clamped to the session's first footage; the segments overlapping the window are taken, and the
/// offsets into the first and last one say where to trim.</item>
/// </list>
/// </summary>
public static class ClipPlanner
{
    /// <summary>Below this, a window edge counts as on a segment edge (ffmpeg lists times in microseconds).</summary>
    private static readonly TimeSpan Epsilon = TimeSpan.FromMilliseconds(1);

    /// <summary>Plans the clip for <paramref name="request"/> from the closed segments of one camera.</summary>
    public static ClipPlan Plan(IReadOnlyList<RecordedSegment> segments, ClipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (start, end) = request.DesiredWindow;
        return PlanWindow(segments, request.EventStart, start, end);
    }

    /// <summary>
    /// Plans the clip of [<paramref name="desiredStart"/>, <paramref name="desiredEnd"/>] (one part of a long event) from
    /// the session recording at <paramref name="anchor"/> (the event start for the first part, the part start for later ones,
    /// so a part after a capture restart uses the new session).
    /// </summary>
    public static ClipPlan PlanWindow(IReadOnlyList<RecordedSegment> segments, DateTimeOffset anchor, DateTimeOffset desiredStart, DateTimeOffset desiredEnd)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var session = ChooseSession(segments, anchor, desiredStart, desiredEnd);
        if (session.Count == 0)
        {
            return new ClipPlan([], desiredStart, desiredEnd, null, null, IsComplete: false);
        }

        var start = desiredStart < session[0].Start ? session[0].Start : desiredStart;
        var end = desiredEnd;
        var chosen = session.Where(s => s.End > start + Epsilon && s.Start < end - Epsilon).ToList();
        if (chosen.Count == 0)
        {
            return new ClipPlan([], start, end, null, null, IsComplete: false);
        }

        var inpoint = start - chosen[0].Start;
        var outpoint = end - chosen[^1].Start;
        var complete = session[^1].End >= end - Epsilon;
        return new ClipPlan(
            chosen,
            start,
            end,
            inpoint > Epsilon ? inpoint : null,
            chosen[^1].End - end > Epsilon ? outpoint : null,
            complete);
    }

    private static List<RecordedSegment> ChooseSession(IReadOnlyList<RecordedSegment> segments, DateTimeOffset eventStart, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        var sessions = segments
            .GroupBy(s => s.SessionId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.Start).ToList())
            .OrderBy(g => g[0].Start)
            .ToList();
        return sessions.FirstOrDefault(g => g[0].Start <= eventStart && g[^1].End > eventStart)
            ?? sessions.FirstOrDefault(g => g[^1].End > windowStart && g[0].Start < windowEnd)
            ?? [];
    }
}

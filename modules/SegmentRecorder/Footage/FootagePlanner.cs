using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>The whole segments of one footage file.</summary>
/// <param name="Segments">Consecutive segments of one capture session, oldest first.</param>
public sealed record FootagePiece(IReadOnlyList<RecordedSegment> Segments)
{
    /// <summary>Where the first segment starts (capture clock).</summary>
    public DateTimeOffset Start => Segments[0].Start;

    /// <summary>Where the last segment ends as listed: the cursor of the next file.</summary>
    public DateTimeOffset End => Segments[^1].End;
}

/// <summary>
/// Chooses the next footage file of a camera. Pure. A file is whole segments (no cut inside one, so consecutive files
/// never overlap and never leave a gap), of one capture session, from the first segment starting at or after the cursor
/// (or the oldest one retention still holds: segments deleted meanwhile are a gap, not a wait), taking every segment
/// that starts less than the file length after the first. It is due when its last segment reaches the file length, or
/// when its session ended (the capture stopped: the file holds what there is).
/// </summary>
public static class FootagePlanner
{
    /// <summary>Below this, two times count as equal (ffmpeg lists times in microseconds).</summary>
    private static readonly TimeSpan Epsilon = TimeSpan.FromMilliseconds(1);

    /// <summary>The next file after <paramref name="cursor"/>, or null when none is due yet.</summary>
    /// <param name="segments">The camera's segments, any order.</param>
    /// <param name="cursor">The end of the last file handed over; null: start at the oldest footage held.</param>
    /// <param name="fileLength">The file length.</param>
    /// <param name="hasEnded">Whether a capture session ended (no segment will be added to it).</param>
    public static FootagePiece? Next(IReadOnlyList<RecordedSegment> segments, DateTimeOffset? cursor, TimeSpan fileLength, Func<string, bool> hasEnded)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(hasEnded);
        var after = segments
            .Where(s => cursor is not { } c || s.Start >= c - Epsilon)
            .OrderBy(s => s.Start)
            .ToList();
        if (after.Count == 0)
        {
            return null;
        }

        var session = after[0].SessionId;
        var first = after[0].Start;
        var taken = after
            .Where(s => s.SessionId == session)
            .TakeWhile(s => s.Start < first + fileLength - Epsilon)
            .ToList();
        var reachesLength = taken[^1].End >= first + fileLength - Epsilon;
        return reachesLength || hasEnded(session) ? new FootagePiece(taken) : null;
    }
}

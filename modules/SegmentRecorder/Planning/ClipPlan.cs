using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Planning;

/// <summary>The segments of one capture session that cover a clip window, and where to trim the first and the last.</summary>
/// <param name="Segments">The covering segments, oldest first; empty when no footage overlaps the window.</param>
/// <param name="WindowStart">The wanted start, clamped to the first footage available.</param>
/// <param name="WindowEnd">The wanted end (limited by the maximum length).</param>
/// <param name="InpointOffset">How far into the first segment the window starts; null to take it whole.</param>
/// <param name="OutpointOffset">How far into the last segment the window ends; null to take it whole.</param>
/// <param name="IsComplete">
/// True when a closed segment reaches the window end; otherwise more footage may still arrive and the caller waits
/// (until the session ends or a timeout, then cuts what there is).
/// </param>
public sealed record ClipPlan(
    IReadOnlyList<RecordedSegment> Segments,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    TimeSpan? InpointOffset,
    TimeSpan? OutpointOffset,
    bool IsComplete)
{
    /// <summary>The capture session the segments come from, or null when there are none.</summary>
    public string? SessionId => Segments.Count == 0 ? null : Segments[0].SessionId;

    /// <summary>True when no footage overlaps the window.</summary>
    public bool IsEmpty => Segments.Count == 0;
}

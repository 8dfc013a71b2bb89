using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Decides which continuous footage to delete. Pure, so the order is tested without files:
/// <list type="number">
/// <item>Protected segments (overlapping a window an event still needs) are never chosen.</item>
/// <item>By age: every other segment that ended more than the maximum age ago, oldest first.</item>
/// <item>By size: then, while the segments together exceed the byte limit, the oldest remaining ones (all cameras in
/// one ring, ordered by end time).</item>
/// </list>
/// When protected footage alone exceeds the limit, nothing more can be freed: the report says how much is protected.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>Chooses the evictions among <paramref name="segments"/> (each with its size on disk).</summary>
    public static RetentionDecision Decide(
        IReadOnlyList<SizedSegment> segments,
        IReadOnlyList<ProtectedWindow> protections,
        DateTimeOffset now,
        long maxBytes,
        TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(protections);
        var evictions = new List<Eviction>();
        var total = segments.Sum(s => s.SizeBytes);
        var protectedCount = 0;
        long protectedBytes = 0;
        var candidates = new List<SizedSegment>();
        foreach (var sized in segments.OrderBy(s => s.Segment.End))
        {
            var s = sized.Segment;
            if (protections.Any(p => p.Overlaps(s.CameraId, s.Start, s.End)))
            {
                protectedCount++;
                protectedBytes += sized.SizeBytes;
            }
            else
            {
                candidates.Add(sized);
            }
        }

        var oldestAllowedEnd = now - maxAge;
        var remaining = new List<SizedSegment>();
        foreach (var candidate in candidates)
        {
            if (candidate.Segment.End < oldestAllowedEnd)
            {
                evictions.Add(new Eviction(candidate, EvictionReason.Age));
                total -= candidate.SizeBytes;
            }
            else
            {
                remaining.Add(candidate);
            }
        }

        foreach (var candidate in remaining)
        {
            if (total <= maxBytes)
            {
                break;
            }

            evictions.Add(new Eviction(candidate, EvictionReason.Size));
            total -= candidate.SizeBytes;
        }

        return new RetentionDecision(evictions, total, protectedCount, protectedBytes);
    }
}

/// <summary>A segment with its size on disk.</summary>
public sealed record SizedSegment(RecordedSegment Segment, long SizeBytes);

/// <summary>Why a segment was evicted.</summary>
public enum EvictionReason
{
    /// <summary>Older than the maximum age.</summary>
    Age,

    /// <summary>The byte limit was exceeded.</summary>
    Size,
}

/// <summary>One segment to delete and why.</summary>
public sealed record Eviction(SizedSegment Segment, EvictionReason Reason);

/// <summary>The evictions in order, and what the spool holds after them.</summary>
public sealed record RetentionDecision(IReadOnlyList<Eviction> Evictions, long BytesAfter, int ProtectedSegments, long ProtectedBytes);

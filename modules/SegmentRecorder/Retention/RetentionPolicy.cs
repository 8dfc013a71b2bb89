using EdgeCam.Edge.Volumes;
using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Decides which footage to delete: continuous segments in the spool and event clips in <c>clips/</c>, one budget for
/// both. Pure, so the order is tested without files:
/// <list type="number">
/// <item>Protected segments (overlapping a window an event still needs) are never chosen. Clips younger than
/// <see cref="ClipHandOver"/> are not evicted by age, and by size only after everything else: BlobBuffer may not have
/// taken them over yet, but the disk limit wins over keeping them (an evicted clip is counted and reported).</item>
/// <item>By age: every other segment that ended more than the segment age limit ago, and every other clip written
/// more than the clip age limit ago, oldest first.</item>
/// <item>By size: then, while segments and clips together exceed the byte limit, first the clips the cloud already
/// confirmed (uploaded, oldest first), then the oldest remaining segments (all cameras in one ring, ordered by end
/// time), after the last of them the oldest remaining clips, and last of all the clips still within the hand-over
/// time: footage that exists nowhere else is evicted last.</item>
/// </list>
/// When protected footage alone exceeds the limit, nothing more can be freed: the report says how much is protected.
/// <para>
/// The free-space floor (<see cref="RetentionLimits.FloorBytes"/>) is kept whatever the byte limit says: when the volume
/// has less free space than the floor, the byte limit is lowered by the shortfall for this pass, so the same order
/// (uploaded clips, oldest footage, clips, young clips; never protected footage) frees it.
/// </para>
/// </summary>
public static class RetentionPolicy
{
    /// <summary>
    /// How long a new clip is kept from age eviction and kept to the very last under size pressure: edgeHub keeps an
    /// undelivered <c>clipReady</c> for up to a day (<c>storeAndForwardConfiguration.timeToLiveSecs</c> 86400 in deployment.template.json), and until BlobBuffer has
    /// taken the clip over, the file in <c>clips/</c> is its only copy.
    /// </summary>
    public static readonly TimeSpan ClipHandOver = TimeSpan.FromHours(24);

    /// <summary>Chooses the evictions among <paramref name="segments"/> and <paramref name="clips"/> (each with its size on disk).</summary>
    public static RetentionDecision Decide(
        IReadOnlyList<SizedSegment> segments,
        IReadOnlyList<StoredClip> clips,
        IReadOnlyList<ProtectedWindow> protections,
        DateTimeOffset now,
        RetentionLimits limits,
        VolumeSpace? space = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(protections);
        ArgumentNullException.ThrowIfNull(limits);
        var evictions = new List<Eviction>();
        var clipEvictions = new List<ClipEviction>();
        var total = segments.Sum(s => s.SizeBytes) + clips.Sum(c => c.SizeBytes);
        var floor = space is null ? 0 : limits.FloorBytes(space.TotalBytes);
        var shortfall = space is null ? 0 : Math.Max(0, floor - space.FreeBytes);
        var budget = Math.Min(limits.MaxBytes, total - shortfall);
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

        var protectedClips = 0;
        var clipCandidates = new List<StoredClip>();
        var youngClips = new List<StoredClip>();
        foreach (var clip in clips.OrderBy(c => c.WrittenAt))
        {
            if (!clip.Uploaded && clip.WrittenAt > now - ClipHandOver)
            {
                protectedClips++;
                youngClips.Add(clip);
            }
            else
            {
                clipCandidates.Add(clip);
            }
        }

        var oldestAllowedEnd = now - limits.MaxSegmentAge;
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

        var oldestAllowedClip = now - limits.MaxClipAge;
        var remainingClips = new List<StoredClip>();
        foreach (var clip in clipCandidates)
        {
            if (clip.WrittenAt < oldestAllowedClip)
            {
                clipEvictions.Add(new ClipEviction(clip, EvictionReason.Age));
                total -= clip.SizeBytes;
            }
            else
            {
                remainingClips.Add(clip);
            }
        }

        var uploadedClips = remainingClips.Where(c => c.Uploaded).ToList();
        foreach (var clip in uploadedClips)
        {
            if (total <= budget)
            {
                break;
            }

            clipEvictions.Add(new ClipEviction(clip, EvictionReason.Size));
            total -= clip.SizeBytes;
        }

        foreach (var candidate in remaining)
        {
            if (total <= budget)
            {
                break;
            }

            evictions.Add(new Eviction(candidate, EvictionReason.Size));
            total -= candidate.SizeBytes;
        }

        foreach (var clip in remainingClips.Where(c => !c.Uploaded).Concat(youngClips))
        {
            if (total <= budget)
            {
                break;
            }

            clipEvictions.Add(new ClipEviction(clip, EvictionReason.Size));
            total -= clip.SizeBytes;
        }

        var freeAfter = space is null ? (long?)null : space.FreeBytes + (segments.Sum(s => s.SizeBytes) + clips.Sum(c => c.SizeBytes) - total);
        return new RetentionDecision(evictions, clipEvictions, total, protectedCount, protectedBytes, protectedClips)
        {
            FloorBytes = floor,
            BelowFloorBefore = shortfall > 0,
            BelowFloorAfter = freeAfter < floor,
        };
    }
}

/// <summary>The limits of one retention pass.</summary>
/// <param name="MaxBytes">Segments and clips together, all cameras.</param>
/// <param name="MaxSegmentAge">Continuous footage that ended longer ago is evicted.</param>
/// <param name="MaxClipAge">Event clips written longer ago are evicted (never before <see cref="RetentionPolicy.ClipHandOver"/>).</param>
public sealed record RetentionLimits(long MaxBytes, TimeSpan MaxSegmentAge, TimeSpan MaxClipAge)
{
    /// <summary>Free space kept on the volume whatever <see cref="MaxBytes"/> says, in bytes (0: none).</summary>
    public long MinFreeBytes { get; init; }

    /// <summary>Free space kept on the volume, in per cent of its size (0: none). The larger of the two floors applies.</summary>
    public double MinFreePercent { get; init; }

    /// <summary>
    /// The floor on a volume of <paramref name="totalBytes"/>: the larger of the byte and the per-cent floor, but never
    /// more than half the volume (a 1 GiB floor on a 512 MiB data volume would otherwise evict all footage, forever).
    /// </summary>
    public long FloorBytes(long totalBytes) => Math.Min(Math.Max(MinFreeBytes, (long)(totalBytes * MinFreePercent / 100)), totalBytes / 2);
}

/// <summary>A segment with its size on disk.</summary>
public sealed record SizedSegment(RecordedSegment Segment, long SizeBytes);

/// <summary>An event clip in <c>clips/&lt;camera&gt;/</c>.</summary>
/// <param name="CameraId">The camera (its directory).</param>
/// <param name="Path">Absolute path of the MP4.</param>
/// <param name="WrittenAt">When the clip was written (the file's modification time).</param>
/// <param name="SizeBytes">Its size on disk.</param>
/// <param name="Uploaded">The cloud confirmed it (<see cref="UploadedClipMarker"/>): evicted first under size pressure.</param>
public sealed record StoredClip(string CameraId, string Path, DateTimeOffset WrittenAt, long SizeBytes, bool Uploaded = false);

/// <summary>Why a segment or clip was evicted.</summary>
public enum EvictionReason
{
    /// <summary>Older than the maximum age.</summary>
    Age,

    /// <summary>The byte limit was exceeded.</summary>
    Size,
}

/// <summary>One segment to delete and why.</summary>
public sealed record Eviction(SizedSegment Segment, EvictionReason Reason);

/// <summary>One clip to delete and why.</summary>
public sealed record ClipEviction(StoredClip Clip, EvictionReason Reason);

/// <summary>The evictions in order, and what the spool and clips hold after them.</summary>
/// <param name="Evictions">Segments to delete, in order.</param>
/// <param name="ClipEvictions">Clips to delete, in order (after the segments).</param>
/// <param name="BytesAfter">Segments and clips together after the evictions.</param>
/// <param name="ProtectedSegments">Segments an event still needs.</param>
/// <param name="ProtectedBytes">Their size.</param>
/// <param name="ProtectedClips">Clips younger than the hand-over time (kept from age eviction, evicted last by size).</param>
public sealed record RetentionDecision(
    IReadOnlyList<Eviction> Evictions,
    IReadOnlyList<ClipEviction> ClipEvictions,
    long BytesAfter,
    int ProtectedSegments,
    long ProtectedBytes,
    int ProtectedClips)
{
    /// <summary>The free-space floor of this pass in bytes (0 when free space was not read).</summary>
    public long FloorBytes { get; init; }

    /// <summary>The volume had less free space than the floor before the pass.</summary>
    public bool BelowFloorBefore { get; init; }

    /// <summary>Even after the evictions the volume has less free space than the floor (what is left is protected).</summary>
    public bool BelowFloorAfter { get; init; }
}

using EdgeCam.Contracts;
using EdgeCam.SegmentRecorder.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Applies <see cref="RetentionPolicy"/> to the spool and the event clips: deletes the chosen segments (forgetting them in
/// the index) and clips, removes drained sessions and keeps the running totals that the module reports.
/// </summary>
public sealed partial class RetentionSweeper
{
    private readonly SegmentIndex _index;
    private readonly SharedVolume _volume;
    private readonly EventProtections _protections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _evictedSegments;
    private long _evictedBytes;
    private long _evictedByAge;
    private long _evictedBySize;
    private long _evictedClips;
    private long _evictedClipBytes;
    private long _evictedClipsByAge;
    private long _evictedClipsBySize;

    public RetentionSweeper(SegmentIndex index, SharedVolume volume, EventProtections protections, TimeProvider time, ILogger<RetentionSweeper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(protections);
        ArgumentNullException.ThrowIfNull(time);
        _index = index;
        _volume = volume;
        _protections = protections;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>One pass: evicts what the policy chooses under <paramref name="limits"/>.</summary>
    public RetentionReport Sweep(RetentionLimits limits, TimeSpan openEventGrace)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = _time.GetUtcNow();
        var expired = _protections.ExpireOpen(now, openEventGrace);
        if (expired > 0)
        {
            LogOpenEventsExpired(expired);
        }

        var sized = new List<SizedSegment>();
        foreach (var segment in _index.AllSegments())
        {
            var file = new FileInfo(segment.Path);
            if (file.Exists)
            {
                sized.Add(new SizedSegment(segment, file.Length));
            }
            else
            {
                _index.Forget(segment);
            }
        }

        var clips = ListClips();
        var decision = RetentionPolicy.Decide(sized, clips, _protections.Snapshot(), now, limits);
        long freed = 0;
        var deleted = 0;
        foreach (var eviction in decision.Evictions)
        {
            if (!TryDelete(eviction.Segment.Segment.Path))
            {
                continue;
            }

            _index.Forget(eviction.Segment.Segment);
            deleted++;
            freed += eviction.Segment.SizeBytes;
            _evictedSegments++;
            _evictedBytes += eviction.Segment.SizeBytes;
            if (eviction.Reason == EvictionReason.Age)
            {
                _evictedByAge++;
            }
            else
            {
                _evictedBySize++;
            }
        }

        if (deleted > 0)
        {
            LogEvicted(deleted, freed / (1024.0 * 1024.0), decision.ProtectedSegments);
            _index.RemoveDrainedSessions();
        }

        var (deletedClips, freedClipBytes) = DeleteClips(decision.ClipEvictions);
        var spoolBytes = sized.Sum(s => s.SizeBytes) - freed;
        return new RetentionReport(spoolBytes, sized.Count - deleted, decision.ProtectedSegments, _evictedSegments, _evictedBytes, _evictedByAge, _evictedBySize)
        {
            ClipBytes = clips.Sum(c => c.SizeBytes) - freedClipBytes,
            Clips = clips.Count - deletedClips,
            ProtectedClips = decision.ProtectedClips,
            EvictedClips = _evictedClips,
            EvictedClipBytes = _evictedClipBytes,
            EvictedClipsByAge = _evictedClipsByAge,
            EvictedClipsBySize = _evictedClipsBySize,
        };
    }

    /// <summary>The finished clips of every camera (<c>clips/*/*.mp4</c>; a clip being written is a hidden <c>.partial</c>).</summary>
    private List<StoredClip> ListClips()
    {
        var clips = new List<StoredClip>();
        var root = Path.Combine(_volume.Root, "clips");
        if (!Directory.Exists(root))
        {
            return clips;
        }

        foreach (var cameraDir in new DirectoryInfo(root).EnumerateDirectories())
        {
            foreach (var file in cameraDir.EnumerateFiles("*.mp4"))
            {
                if (!file.Name.StartsWith('.'))
                {
                    var writtenAt = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
                    clips.Add(new StoredClip(cameraDir.Name, file.FullName, writtenAt, file.Length, UploadedClipMarker.IsMarked(file.FullName)));
                }
            }
        }

        return clips;
    }

    /// <summary>Deletes <paramref name="path"/>; a failure is logged and leaves the file for the next pass.</summary>
    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(path, ex.Message);
            return false;
        }
    }

    private (int Deleted, long Freed) DeleteClips(IReadOnlyList<ClipEviction> evictions)
    {
        var deleted = 0;
        long freed = 0;
        foreach (var eviction in evictions)
        {
            if (!TryDelete(eviction.Clip.Path))
            {
                continue;
            }

            if (eviction.Clip.Uploaded)
            {
                TryDelete(eviction.Clip.Path + UploadedClipMarker.Suffix);
            }

            deleted++;
            freed += eviction.Clip.SizeBytes;
            _evictedClips++;
            _evictedClipBytes += eviction.Clip.SizeBytes;
            if (eviction.Reason == EvictionReason.Age)
            {
                _evictedClipsByAge++;
            }
            else
            {
                _evictedClipsBySize++;
            }
        }

        if (deleted > 0)
        {
            LogClipsEvicted(deleted, freed / (1024.0 * 1024.0));
        }

        return (deleted, freed);
    }

    [LoggerMessage(1, LogLevel.Information, "Retention evicted {Segments} segment(s), {Megabytes:0.0} MB; {Protected} segment(s) protected for events")]
    private partial void LogEvicted(int segments, double megabytes, int @protected);

    [LoggerMessage(2, LogLevel.Warning, "Retention could not delete {Path}: {Reason}")]
    private partial void LogDeleteFailed(string path, string reason);

    [LoggerMessage(3, LogLevel.Warning, "{Count} open event(s) never ended; their footage is no longer protected")]
    private partial void LogOpenEventsExpired(int count);

    [LoggerMessage(4, LogLevel.Information, "Retention evicted {Clips} event clip(s), {Megabytes:0.0} MB")]
    private partial void LogClipsEvicted(int clips, double megabytes);
}

/// <summary>What the spool and the clips hold and what retention has evicted since the module started.</summary>
public sealed record RetentionReport(
    long SpoolBytes,
    int Segments,
    int ProtectedSegments,
    long EvictedSegments,
    long EvictedBytes,
    long EvictedByAge,
    long EvictedBySize)
{
    /// <summary>Bytes of event clips in <c>clips/</c>.</summary>
    public long ClipBytes { get; init; }

    /// <summary>Event clips in <c>clips/</c>.</summary>
    public int Clips { get; init; }

    /// <summary>Clips younger than the hand-over time, which the size limit cannot evict.</summary>
    public int ProtectedClips { get; init; }

    /// <summary>Clips evicted since the module started.</summary>
    public long EvictedClips { get; init; }

    /// <summary>Their bytes.</summary>
    public long EvictedClipBytes { get; init; }

    /// <summary>Clips evicted for their age.</summary>
    public long EvictedClipsByAge { get; init; }

    /// <summary>Clips evicted for the size limit (after all unprotected segments).</summary>
    public long EvictedClipsBySize { get; init; }
}

using EdgeCam.SegmentRecorder.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Applies <see cref="RetentionPolicy"/> to the spool: deletes the chosen segments, forgets them in the index,
/// removes drained sessions and keeps the running totals that the module reports.
/// </summary>
public sealed partial class RetentionSweeper
{
    private readonly SegmentIndex _index;
    private readonly EventProtections _protections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _evictedSegments;
    private long _evictedBytes;
    private long _evictedByAge;
    private long _evictedBySize;

    public RetentionSweeper(SegmentIndex index, EventProtections protections, TimeProvider time, ILogger<RetentionSweeper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(protections);
        ArgumentNullException.ThrowIfNull(time);
        _index = index;
        _protections = protections;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>One pass: evicts what the policy chooses under <paramref name="maxBytes"/> and <paramref name="maxAge"/>.</summary>
    public RetentionReport Sweep(long maxBytes, TimeSpan maxAge, TimeSpan openEventGrace)
    {
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

        var decision = RetentionPolicy.Decide(sized, _protections.Snapshot(), now, maxBytes, maxAge);
        long freed = 0;
        var deleted = 0;
        foreach (var eviction in decision.Evictions)
        {
            try
            {
                File.Delete(eviction.Segment.Segment.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogDeleteFailed(eviction.Segment.Segment.Path, ex.Message);
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

        var spoolBytes = sized.Sum(s => s.SizeBytes) - freed;
        return new RetentionReport(spoolBytes, sized.Count - deleted, decision.ProtectedSegments, _evictedSegments, _evictedBytes, _evictedByAge, _evictedBySize);
    }

    [LoggerMessage(1, LogLevel.Information, "Retention evicted {Segments} segment(s), {Megabytes:0.0} MB; {Protected} segment(s) protected for events")]
    private partial void LogEvicted(int segments, double megabytes, int @protected);

    [LoggerMessage(2, LogLevel.Warning, "Retention could not delete {Path}: {Reason}")]
    private partial void LogDeleteFailed(string path, string reason);

    [LoggerMessage(3, LogLevel.Warning, "{Count} open event(s) never ended; their footage is no longer protected")]
    private partial void LogOpenEventsExpired(int count);
}

/// <summary>What the spool holds and what retention has evicted since the module started.</summary>
public sealed record RetentionReport(
    long SpoolBytes,
    int Segments,
    int ProtectedSegments,
    long EvictedSegments,
    long EvictedBytes,
    long EvictedByAge,
    long EvictedBySize);

using EdgeCam.Contracts;
using EdgeCam.Edge.Volumes;
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
    private readonly IFreeSpaceReader _space;

    /// <summary>Back to <see cref="FloorState.Met"/> only with floor / this to spare.</summary>
    private const long FloorHeadroomDivisor = 10;
    private FloorState _floor = FloorState.Met;
    private long? _freeAfterLastPass;
    private long _evictedSegments;
    private long _evictedBytes;
    private long _evictedByAge;
    private long _evictedBySize;
    private long _evictedClips;
    private long _evictedClipBytes;
    private long _evictedClipsByAge;
    private long _evictedClipsBySize;

    /// <param name="space">Reads the volume's free space for the floor; by default statvfs of the volume root.</param>
    public RetentionSweeper(SegmentIndex index, SharedVolume volume, EventProtections protections, TimeProvider time, ILogger<RetentionSweeper>? logger = null, IFreeSpaceReader? space = null)
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
        _space = space ?? new VolumeSpaceReader(volume.Root);
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
        var space = _space.Read();
        var decision = RetentionPolicy.Decide(sized, clips, _protections.Snapshot(), now, limits, space);
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
        var floor = decision.BelowFloorAfter ? FloorState.Unmet : decision.BelowFloorBefore ? FloorState.Evicting : FloorState.Met;
        if (floor == FloorState.Met && _floor != FloorState.Met && space is not null && space.FreeBytes < decision.FloorBytes + (decision.FloorBytes / FloorHeadroomDivisor))
        {
            // Hysteresis: a disk held at the floor dips below it at each segment and is restored by the pass; it counts as
            // met again only with a tenth of the floor to spare, so the log says "evicting" once, not every minute.
            floor = FloorState.Evicting;
        }

        if (floor != _floor)
        {
            LogFloorChanged(floor, (space?.FreeBytes ?? 0) / (1024.0 * 1024.0), decision.FloorBytes / (1024.0 * 1024.0), decision.ProtectedSegments);
            _floor = floor;
        }

        // Read again after deleting: a clip BlobBuffer still holds by hard link frees nothing yet.
        var spaceAfter = deleted + deletedClips > 0 ? _space.Read() : space;
        _freeAfterLastPass = spaceAfter?.FreeBytes;
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
            FloorBytes = decision.FloorBytes,
            Floor = floor,
            FreeBytes = spaceAfter?.FreeBytes,
            VolumeBytes = spaceAfter?.TotalBytes,
        };
    }

    /// <summary>
    /// True when the volume is below the floor of <paramref name="limits"/> and its free space changed since the last
    /// pass: something is writing (the segment being recorded, a clip, another program), so a pass should evict now
    /// rather than when the next segment closes. A volume that stays below the floor unchanged (only protected footage
    /// and other programs' files left) asks for no pass.
    /// </summary>
    public bool NeedsFloorPass(RetentionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return _space.Read() is { } space && space.FreeBytes < limits.FloorBytes(space.TotalBytes) && space.FreeBytes != _freeAfterLastPass;
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

    [LoggerMessage(5, LogLevel.Warning, "Free-space floor {State}: {FreeMegabytes:0.0} MB free before the pass, floor {FloorMegabytes:0.0} MB (evicting uploaded clips, then the oldest footage, then event clips; {Protected} segment(s) protected for events)")]
    private partial void LogFloorChanged(FloorState state, double freeMegabytes, double floorMegabytes, int @protected);

    [LoggerMessage(4, LogLevel.Information, "Retention evicted {Clips} event clip(s), {Megabytes:0.0} MB")]
    private partial void LogClipsEvicted(int clips, double megabytes);
}

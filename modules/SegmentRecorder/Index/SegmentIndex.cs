using System.Text.Json;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Media.Segments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Index;

/// <summary>
/// Every closed segment of every camera on the shared volume, from each capture session's <c>session.json</c> and
/// ffmpeg's <c>segments.csv</c>. <see cref="Refresh"/> reads only what was appended since the last call, so polling it
/// every few hundred milliseconds costs one directory listing and a few small reads. Thread-safe.
/// </summary>
public sealed partial class SegmentIndex
{
    private readonly SharedVolume _volume;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionTrack> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private long _closedSegments;

    public SegmentIndex(SharedVolume volume, ILogger<SegmentIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _volume = volume;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// How many closed segments the index has seen since it was created (never decreases). Retention compares it with the
    /// value at its last pass: a change means a segment closed, whoever's <see cref="Refresh"/> picked it up.
    /// </summary>
    public long ClosedSegments => Interlocked.Read(ref _closedSegments);

    /// <summary>Picks up new sessions, newly closed segments and sessions that ended; forgets sessions whose directory is gone.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            var spool = Path.Combine(_volume.Root, "spool");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (Directory.Exists(spool))
            {
                foreach (var cameraDir in Directory.EnumerateDirectories(spool))
                {
                    foreach (var sessionDir in Directory.EnumerateDirectories(cameraDir))
                    {
                        seen.Add(sessionDir);
                        RefreshSession(sessionDir);
                    }
                }
            }

            foreach (var gone in _sessions.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _sessions.Remove(gone);
            }
        }
    }

    /// <summary>The closed segments of <paramref name="cameraId"/>, oldest first.</summary>
    public IReadOnlyList<RecordedSegment> Segments(string cameraId)
    {
        lock (_gate)
        {
            return [.. _sessions.Values.Where(s => s.Session.CameraId == cameraId).SelectMany(s => s.Segments).OrderBy(s => s.Start)];
        }
    }

    /// <summary>Every closed segment of every camera, oldest first.</summary>
    public IReadOnlyList<RecordedSegment> AllSegments()
    {
        lock (_gate)
        {
            return [.. _sessions.Values.SelectMany(s => s.Segments).OrderBy(s => s.Start)];
        }
    }

    /// <summary>True when the capture process of the session has exited: no more segments will appear in it.</summary>
    public bool HasEnded(string cameraId, string sessionId)
    {
        lock (_gate)
        {
            return _sessions.Values.Any(s => s.Session.CameraId == cameraId && s.Session.SessionId == sessionId && s.Session.EndedAt is not null);
        }
    }

    /// <summary>The sessions known for <paramref name="cameraId"/>, oldest first.</summary>
    public IReadOnlyList<CaptureSession> Sessions(string cameraId)
    {
        lock (_gate)
        {
            return [.. _sessions.Values.Select(s => s.Session).Where(s => s.CameraId == cameraId).OrderBy(s => s.StartedAt)];
        }
    }

    /// <summary>Drops a segment that retention deleted.</summary>
    public void Forget(RecordedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        lock (_gate)
        {
            foreach (var track in _sessions.Values)
            {
                track.Segments.Remove(segment);
            }
        }
    }

    /// <summary>
    /// Deletes the directories of sessions that ended and whose listed segments were all evicted, so restarts of the
    /// capture process do not leave directories behind forever. Returns how many were removed.
    /// </summary>
    public int RemoveDrainedSessions()
    {
        lock (_gate)
        {
            var drained = _sessions.Where(s => s.Value.ListComplete && s.Value.Segments.Count == 0).Select(s => s.Key).ToList();
            foreach (var directory in drained)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                    _sessions.Remove(directory);
                }
                catch (IOException ex)
                {
                    LogSessionUnreadable(directory, ex.Message);
                }
            }

            return drained.Count;
        }
    }

    private void RefreshSession(string sessionDir)
    {
        var sessionFile = Path.Combine(sessionDir, CaptureSession.FileName);
        if (!_sessions.TryGetValue(sessionDir, out var track))
        {
            var session = TryReadSession(sessionFile);
            if (session is null)
            {
                return;
            }

            track = new SessionTrack(session, File.GetLastWriteTimeUtc(sessionFile), new SegmentListReader(Path.Combine(sessionDir, CaptureSession.SegmentListFileName)));
            _sessions[sessionDir] = track;
            LogSessionFound(session.CameraId, session.SessionId, session.StartedAt);
        }
        else if (track.Session.EndedAt is null)
        {
            var written = File.GetLastWriteTimeUtc(sessionFile);
            if (written != track.SessionWrittenAt && TryReadSession(sessionFile) is { } updated)
            {
                track.Session = updated;
                track.SessionWrittenAt = written;
            }
        }

        if (track.ListComplete)
        {
            return;
        }

        var ended = track.Session.EndedAt is not null;
        var read = track.Reader.ReadNew(final: ended);
        foreach (var warning in read.Warnings)
        {
            LogListWarning(warning);
        }

        foreach (var entry in read.Entries)
        {
            var path = Path.Combine(sessionDir, entry.FileName);
            if (!track.FirstReadDone && !File.Exists(path))
            {
                // Listed but gone: retention deleted it before a restart.
                continue;
            }

            Interlocked.Increment(ref _closedSegments);
            track.Segments.Add(new RecordedSegment(
                track.Session.CameraId,
                track.Session.SessionId,
                path,
                track.Session.StartedAt + TimeSpan.FromSeconds(entry.StartSeconds),
                track.Session.StartedAt + TimeSpan.FromSeconds(entry.EndSeconds)));
        }

        track.FirstReadDone = true;
        if (ended)
        {
            track.ListComplete = true;
            LogSessionEnded(track.Session.CameraId, track.Session.SessionId, track.Segments.Count);
        }
    }

    private CaptureSession? TryReadSession(string sessionFile)
    {
        try
        {
            var session = ContractJson.Deserialize(File.ReadAllBytes(sessionFile), ContractsJsonContext.Default.CaptureSession);
            _unreadable.Remove(sessionFile);
            return session;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ContractFormatException or JsonException)
        {
            // CameraCapture may be writing it right now; say so once, not on every poll.
            if (_unreadable.Add(sessionFile) && ex is not FileNotFoundException)
            {
                LogSessionUnreadable(sessionFile, ex.Message);
            }

            return null;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Capture session {CameraId}/{SessionId} found (stream time zero = {StartedAt:O})")]
    private partial void LogSessionFound(string cameraId, string sessionId, DateTimeOffset startedAt);

    [LoggerMessage(2, LogLevel.Information, "Capture session {CameraId}/{SessionId} ended with {Segments} segment(s) on disk")]
    private partial void LogSessionEnded(string cameraId, string sessionId, int segments);

    [LoggerMessage(3, LogLevel.Warning, "Segment list: {Warning}")]
    private partial void LogListWarning(string warning);

    [LoggerMessage(4, LogLevel.Warning, "Capture session file {Path} cannot be read yet: {Reason}")]
    private partial void LogSessionUnreadable(string path, string reason);

    private sealed class SessionTrack(CaptureSession session, DateTime sessionWrittenAt, SegmentListReader reader)
    {
        public CaptureSession Session { get; set; } = session;

        public DateTime SessionWrittenAt { get; set; } = sessionWrittenAt;

        public SegmentListReader Reader { get; } = reader;

        public List<RecordedSegment> Segments { get; } = [];

        public bool FirstReadDone { get; set; }

        public bool ListComplete { get; set; }
    }
}

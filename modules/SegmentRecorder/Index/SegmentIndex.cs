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
/// <para>
/// A session has ended when its <c>session.json</c> says so, or when a newer session of the same camera exists (the
/// capture was killed before it could write its end: one camera runs one session at a time). When a session ends, a
/// segment file after the last listed one is the segment the capture was writing when it stopped: it is indexed as
/// <see cref="RecordedSegment.Unclosed"/> so that its readable part still reaches clips.
/// </para>
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
                    // Session ids are UTC start times (yyyyMMddTHHmmssfffZ): in name order, all but the newest are over.
                    var sessionDirs = Directory.EnumerateDirectories(cameraDir).Order(StringComparer.Ordinal).ToList();
                    for (var i = 0; i < sessionDirs.Count; i++)
                    {
                        seen.Add(sessionDirs[i]);
                        RefreshSession(sessionDirs[i], superseded: i < sessionDirs.Count - 1);
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

    /// <summary>
    /// True when the capture process of the session has exited (it wrote its end, or a newer session of the camera
    /// began): no more segments will appear in it.
    /// </summary>
    public bool HasEnded(string cameraId, string sessionId)
    {
        lock (_gate)
        {
            return _sessions.Values.Any(s => s.Session.CameraId == cameraId && s.Session.SessionId == sessionId && s.ListComplete);
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

    private void RefreshSession(string sessionDir, bool superseded)
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

        var ended = track.Session.EndedAt is not null || superseded;
        var read = track.Reader.ReadNew(final: ended);
        foreach (var warning in read.Warnings)
        {
            LogListWarning(warning);
        }

        foreach (var entry in read.Entries)
        {
            track.Listed(entry);
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
            AddUnclosedSegment(track, sessionDir);
            track.ListComplete = true;
            if (track.Session.EndedAt is null)
            {
                LogSessionStoppedUnrecorded(track.Session.CameraId, track.Session.SessionId, track.Segments.Count);
            }
            else
            {
                LogSessionEnded(track.Session.CameraId, track.Session.SessionId, track.Segments.Count);
            }
        }
    }

    // The segment ffmpeg was writing when the capture stopped is not listed: it follows the last listed one. It starts
    // where that one ended; its end is estimated (the longest of the session's segments after its start) and the cutter
    // reads what it really holds. An empty one held nothing and is left out.
    private void AddUnclosedSegment(SessionTrack track, string sessionDir)
    {
        var unclosed = Directory.EnumerateFiles(sessionDir, "seg_*.ts")
            .Select(path => (Path: path, Number: SegmentNumber(Path.GetFileName(path))))
            .Where(f => f.Number > track.LastListedNumber)
            .OrderBy(f => f.Number)
            .FirstOrDefault();
        if (unclosed.Path is null || new FileInfo(unclosed.Path).Length == 0)
        {
            return;
        }

        var start = track.Session.StartedAt + TimeSpan.FromSeconds(track.ListedEndSeconds);
        var length = TimeSpan.FromSeconds(Math.Max(track.Session.SegmentSeconds, track.LongestListedSeconds));
        Interlocked.Increment(ref _closedSegments);
        track.Segments.Add(new RecordedSegment(track.Session.CameraId, track.Session.SessionId, unclosed.Path, start, start + length, Unclosed: true));
    }

    // N in seg_N.ts; -1 when the name has another shape.
    private static long SegmentNumber(string fileName) =>
        fileName.StartsWith("seg_", StringComparison.Ordinal) && fileName.EndsWith(".ts", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(4, fileName.Length - 7), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : -1;

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

    [LoggerMessage(5, LogLevel.Warning, "Capture session {CameraId}/{SessionId} stopped without recording its end (a newer session began): treated as ended with {Segments} segment(s) on disk")]
    private partial void LogSessionStoppedUnrecorded(string cameraId, string sessionId, int segments);

    private sealed class SessionTrack(CaptureSession session, DateTime sessionWrittenAt, SegmentListReader reader)
    {
        public CaptureSession Session { get; set; } = session;

        public DateTime SessionWrittenAt { get; set; } = sessionWrittenAt;

        public SegmentListReader Reader { get; } = reader;

        public List<RecordedSegment> Segments { get; } = [];

        public bool FirstReadDone { get; set; }

        public bool ListComplete { get; set; }

        public long LastListedNumber { get; private set; } = -1;

        public double ListedEndSeconds { get; private set; }

        public double LongestListedSeconds { get; private set; }

        public void Listed(SegmentListEntry entry)
        {
            LastListedNumber = Math.Max(LastListedNumber, SegmentNumber(entry.FileName));
            ListedEndSeconds = Math.Max(ListedEndSeconds, entry.EndSeconds);
            LongestListedSeconds = Math.Max(LongestListedSeconds, entry.DurationSeconds);
        }
    }
}

using System.Text.Json;
using EdgeCam.Contracts.Motion;
using EdgeCam.Edge.Durability;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Journal;

/// <summary>
/// The motion events of one camera that are not yet known to be delivered, one file per event
/// (<c>&lt;eventId&gt;.json</c>) in the camera's journal directory, each written atomically and flushed to disk
/// (<see cref="DurableFile"/>). An event is written before its <c>motionStarted</c> is queued, its last motion time is
/// refreshed at most every <see cref="RefreshInterval"/>, its end is recorded before <c>motionEnded</c> is queued, and
/// its file is removed once <c>motionEnded</c> was sent. What a crash leaves is read back by <see cref="ReadLeftovers"/>.
/// <para>
/// Called from the analysis loop and from the sending task; one lock orders the writes. A write that fails (disk full,
/// read-only volume) is logged once and the event goes on in memory: its messages are still sent, only the crash
/// protection is missing until writes succeed again.
/// </para>
/// </summary>
internal sealed partial class MotionJournal
{
    /// <summary>How often an open event's last motion time is written at most: a crash loses at most this much of its end.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private const string EntrySuffix = ".json";
    private const string CorruptSuffix = ".corrupt";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (JournaledMotionEvent Entry, long WrittenAt)> _open = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private bool _failing;

    public MotionJournal(string directory, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The journal directory (<c>&lt;EDGECAM_DATA&gt;/journal/camera/&lt;cameraId&gt;</c>).</summary>
    public string Directory { get; }

    /// <summary>The path of one event's entry.</summary>
    public string PathOf(string eventId) => Path.Combine(Directory, eventId + EntrySuffix);

    /// <summary>Journals a new event; call before its <c>motionStarted</c> is queued.</summary>
    public void Begin(MotionStarted started, TimeSpan maxEventLength)
    {
        var entry = new JournaledMotionEvent(started, StartedSent: false, started.Start, started.Score, MotionFrames: 1, maxEventLength);
        lock (_lock)
        {
            _open[started.EventId] = (entry, _timeProvider.GetTimestamp());
            Write(entry);
        }
    }

    /// <summary>Notes motion at <paramref name="seen"/>; written only when <see cref="RefreshInterval"/> passed since the event's last write.</summary>
    public void Refresh(string eventId, DateTimeOffset seen, double peakScore, int motionFrames)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(eventId, out var current) || current.Entry.Ended is not null)
            {
                return;
            }

            var entry = current.Entry with { LastSeen = seen, PeakScore = peakScore, MotionFrames = motionFrames };
            var now = _timeProvider.GetTimestamp();
            if (_timeProvider.GetElapsedTime(current.WrittenAt, now) < RefreshInterval)
            {
                _open[eventId] = (entry, current.WrittenAt);
                return;
            }

            _open[eventId] = (entry, now);
            Write(entry);
        }
    }

    /// <summary>Records that the transport accepted the event's <c>motionStarted</c>.</summary>
    public void MarkStartedSent(string eventId) => Update(eventId, entry => entry.StartedSent ? null : entry with { StartedSent = true });

    /// <summary>Records the event's end; call before its <c>motionEnded</c> is queued.</summary>
    public void End(MotionEnded ended) => Update(ended.EventId, entry => entry with { LastSeen = ended.End, PeakScore = ended.PeakScore, MotionFrames = ended.MotionFrames, Ended = ended });

    /// <summary>Forgets the event; call once its <c>motionEnded</c> was sent.</summary>
    public void Remove(string eventId)
    {
        lock (_lock)
        {
            _open.Remove(eventId);
            Guard(() => DurableFile.Delete(PathOf(eventId)));
        }
    }

    /// <summary>
    /// Reads what an earlier run left, oldest event first, and keeps it as this journal's own (so that
    /// <see cref="MarkStartedSent"/> and <see cref="Remove"/> apply to it). A file that cannot be read is logged once,
    /// naming it, and moved aside to <c>*.corrupt</c>; a temporary file a crash left behind is promoted when it is
    /// complete (it is newer than its entry) and deleted otherwise.
    /// </summary>
    public IReadOnlyList<JournaledMotionEvent> ReadLeftovers()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        lock (_lock)
        {
            var entries = new List<JournaledMotionEvent>();
            Guard(() =>
            {
                PromoteOrDeleteTemporaries();
                foreach (var path in System.IO.Directory.GetFiles(Directory, "*" + EntrySuffix))
                {
                    if (TryRead(path, out var entry, out var reason))
                    {
                        entries.Add(entry);
                        _open[entry.Started.EventId] = (entry, _timeProvider.GetTimestamp());
                        continue;
                    }

                    var aside = path + CorruptSuffix;
                    File.Move(path, aside, overwrite: true);
                    LogCorrupt(path, reason, aside);
                }

                DurableFile.FlushDirectory(Directory);
            });
            return [.. entries.OrderBy(e => e.Started.Start).ThenBy(e => e.Started.EventId, StringComparer.Ordinal)];
        }
    }

    // A crash between writing a temporary file and renaming it leaves it beside (or instead of) its entry.
    private void PromoteOrDeleteTemporaries()
    {
        foreach (var temporary in System.IO.Directory.GetFiles(Directory, "*" + EntrySuffix + DurableFile.TemporarySuffix))
        {
            if (TryRead(temporary, out _, out _))
            {
                File.Move(temporary, temporary[..^DurableFile.TemporarySuffix.Length], overwrite: true);
            }
            else
            {
                File.Delete(temporary);
            }
        }
    }

    private static bool TryRead(string path, out JournaledMotionEvent entry, out string reason)
    {
        entry = null!;
        try
        {
            var read = JsonSerializer.Deserialize(File.ReadAllBytes(path), JournalJsonContext.Default.JournaledMotionEvent);
            var name = Path.GetFileName(path);
            name = name.EndsWith(DurableFile.TemporarySuffix, StringComparison.Ordinal) ? name[..^DurableFile.TemporarySuffix.Length] : name;
            var expectedId = name[..^EntrySuffix.Length];
            if (read is null)
            {
                reason = "it holds JSON null";
                return false;
            }

            if (!string.Equals(read.Started.EventId, expectedId, StringComparison.Ordinal))
            {
                reason = $"it holds event '{read.Started.EventId}', not '{expectedId}'";
                return false;
            }

            entry = read;
            reason = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            reason = ex.Message;
            return false;
        }
    }

    // Under the lock: applies a change to an entry this journal holds and writes it (null: nothing to change).
    private void Update(string eventId, Func<JournaledMotionEvent, JournaledMotionEvent?> change)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(eventId, out var current) || change(current.Entry) is not { } changed)
            {
                return;
            }

            _open[eventId] = (changed, _timeProvider.GetTimestamp());
            Write(changed);
        }
    }

    private void Write(JournaledMotionEvent entry) => Guard(() =>
    {
        System.IO.Directory.CreateDirectory(Directory);
        DurableFile.WriteAtomically(PathOf(entry.Started.EventId), JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournaledMotionEvent));
    });

    // One warning when writes start failing and one line when they work again, never one per write.
    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_failing)
            {
                _failing = true;
                LogWriteFailed(Directory, ex.Message);
            }

            return;
        }

        if (_failing)
        {
            _failing = false;
            LogWritesResumed(Directory);
        }
    }

    [LoggerMessage(50, LogLevel.Warning, "Motion journal file {Path} is unreadable ({Reason}); moved aside to {CorruptPath}")]
    private partial void LogCorrupt(string path, string reason, string corruptPath);

    [LoggerMessage(51, LogLevel.Warning, "Motion journal {Directory} cannot be written ({Reason}); events are still sent but would be lost in a crash until it can")]
    private partial void LogWriteFailed(string directory, string reason);

    [LoggerMessage(52, LogLevel.Information, "Motion journal {Directory} is written again")]
    private partial void LogWritesResumed(string directory);
}

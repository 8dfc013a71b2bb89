using System.Text.Json;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.SegmentRecorder.Cutting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeCam.Edge.Durability;

namespace EdgeCam.SegmentRecorder.Journal;

/// <summary>
/// What the recorder still owes, on the shared volume so a crash or a stop loses none of it: one file per event,
/// <c>&lt;volume&gt;/journal/recorder/&lt;event&gt;.json</c>, replaced atomically (temp file, fsync, rename, directory
/// fsync) before the call returns. An open event's file keeps its footage protected across a restart; an ended event's
/// file is its clip job, with the last part cut (file, size, MD5) and whether its <c>clipReady</c> was handed over. The
/// file is deleted once the job is finished. A file that cannot be read is moved aside (<c>.corrupt</c>) with one
/// warning. A write that fails is logged and the work goes on in memory. Thread-safe.
/// </summary>
public sealed partial class ClipJobJournal
{
    /// <summary>Suffix of a journal file.</summary>
    public const string FileSuffix = ".json";

    /// <summary>Suffix given to a file that could not be read.</summary>
    public const string CorruptSuffix = ".corrupt";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JournalDocument> _entries = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly CompletedTriggers _completedTriggers;

    public ClipJobJournal(string directory, ILogger<ClipJobJournal>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _completedTriggers = new CompletedTriggers(directory);
    }

    /// <summary>The journal's directory.</summary>
    public string Directory { get; }

    /// <summary>Events journaled now (open and ended).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The journal directory of the recorder on <paramref name="volume"/>: <c>journal/recorder/</c>.</summary>
    public static string DirectoryOf(SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Path.Combine(volume.Root, "journal", "recorder");
    }

    /// <summary>The file of event <paramref name="eventId"/>.</summary>
    public string PathOf(string eventId) => Path.Combine(Directory, eventId + FileSuffix);

    /// <summary>
    /// Reads the journal (creating its directory): the open events and the unfinished jobs, oldest event first. A temp
    /// file left by a write torn before its rename is deleted (the file it was to replace is intact); an unreadable
    /// file is moved aside with one warning naming it.
    /// </summary>
    public JournalContents Load()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, "*" + DurableFile.TemporarySuffix))
        {
            File.Delete(temp);
        }

        lock (_gate)
        {
            _completedTriggers.Load();
        }

        var loaded = new List<JournalDocument>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + FileSuffix).Order(StringComparer.Ordinal))
        {
            var fileEventId = Path.GetFileName(path)[..^FileSuffix.Length];
            string? problem;
            JournalDocument? document = null;
            try
            {
                document = JsonSerializer.Deserialize(File.ReadAllBytes(path), JournalJsonContext.Default.JournalDocument);
                problem = document is null ? "empty" : document.Problem(fileEventId);
            }
            catch (JsonException ex)
            {
                problem = ex.Message;
            }
            catch (IOException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null || document is null)
            {
                MoveAside(path, problem ?? "empty");
                continue;
            }

            if (document.Trigger is not null && _completedTriggers.Contains(document.EventId))
            {
                // Marked completed, then the process stopped before the job file was deleted: the job is finished.
                DurableFile.Delete(path);
                continue;
            }

            loaded.Add(document);
        }

        lock (_gate)
        {
            _entries.Clear();
            foreach (var document in loaded)
            {
                _entries[document.EventId] = document;
            }
        }

        var ordered = loaded.OrderBy(d => d.Start).ThenBy(d => d.EventId, StringComparer.Ordinal).ToList();
        return new JournalContents(
            [.. ordered.Where(d => d.IsOpen).Select(d => new JournaledOpenEvent(d.CameraId, d.EventId, d.Start, d.PreRollSeconds))],
            [.. ordered.Where(d => !d.IsOpen).Select(ToJob)]);
    }

    /// <summary>Journals an open event (its footage from start − <paramref name="preRollSeconds"/> on stays protected). False when the event already ended (a late or repeated start): nothing written.</summary>
    public bool RecordOpen(MotionStarted started, double preRollSeconds)
    {
        ArgumentNullException.ThrowIfNull(started);
        EventIds.Check(started.EventId);
        lock (_gate)
        {
            if (_entries.TryGetValue(started.EventId, out var existing) && !existing.IsOpen)
            {
                return false;
            }

            Write(new JournalDocument(JournalDocument.CurrentVersion, started.CameraId, started.EventId, started.Start, null, 0, 0, preRollSeconds, 0, 0, null));
            return true;
        }
    }

    /// <summary>
    /// Journals an ended event's job (replacing its open entry). False when the job is journaled already (a repeated
    /// delivery), or is a trigger's job and that trigger was completed (also before a restart): nothing written.
    /// </summary>
    public bool RecordEnded(ClipJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        EventIds.Check(job.EventId);
        lock (_gate)
        {
            if ((_entries.TryGetValue(job.EventId, out var existing) && !existing.IsOpen)
                || (job.Trigger is not null && _completedTriggers.Contains(job.EventId)))
            {
                return false;
            }

            Write(ToDocument(job));
            return true;
        }
    }

    /// <summary>Journals the job's last part: cut (not yet handed over), handed over, or given up.</summary>
    public void RecordProgress(ClipJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            Write(ToDocument(job));
        }
    }

    /// <summary>
    /// The job is finished (its last part handed over, or it definitively failed): its file is deleted. A trigger's job
    /// is first marked completed, so the same trigger id records nothing more.
    /// </summary>
    public void Complete(string eventId)
    {
        lock (_gate)
        {
            if (_entries.Remove(eventId, out var finished))
            {
                if (finished.Trigger is not null && !MarkTriggerCompleted(eventId))
                {
                    return; // the job file stays (done): the next start completes it again rather than forget the trigger
                }

                Delete(eventId);
            }
        }
    }

    private bool MarkTriggerCompleted(string eventId)
    {
        try
        {
            _completedTriggers.Add(eventId);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(eventId, ex.Message);
            return false;
        }
    }

    /// <summary>An open event expired (its end never came): its file is deleted unless the event has ended since.</summary>
    public void ForgetOpen(string eventId)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(eventId, out var existing) && existing.IsOpen)
            {
                _entries.Remove(eventId);
                Delete(eventId);
            }
        }
    }

    private static JournalDocument ToDocument(ClipJob job) => new(
        JournalDocument.CurrentVersion,
        job.Motion.CameraId,
        job.Motion.EventId,
        job.Motion.Start,
        job.Motion.End,
        job.Motion.PeakScore,
        job.Motion.MotionFrames,
        job.PreRollSeconds,
        job.PostRollSeconds,
        job.MaxClipSeconds,
        job.Progress,
        job.Trigger);

    private static ClipJob ToJob(JournalDocument d) =>
        new(new MotionEnded(d.CameraId, d.EventId, d.Start, d.End!.Value, d.PeakScore, d.MotionFrames), d.PreRollSeconds, d.PostRollSeconds, d.MaxClipSeconds, d.Progress, d.Trigger);

    // Under the lock: the in-memory entry always changes, so the work goes on even when the disk refuses the write.
    private void Write(JournalDocument document)
    {
        _entries[document.EventId] = document;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            DurableFile.WriteAtomically(PathOf(document.EventId), JsonSerializer.SerializeToUtf8Bytes(document, JournalJsonContext.Default.JournalDocument));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(document.EventId, ex.Message);
        }
    }

    private void Delete(string eventId)
    {
        try
        {
            DurableFile.Delete(PathOf(eventId));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(eventId, ex.Message);
        }
    }

    private void MoveAside(string path, string problem)
    {
        var aside = path + CorruptSuffix;
        try
        {
            File.Move(path, aside, overwrite: true);
            DurableFile.FlushDirectory(Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem += $"; moving it aside failed: {ex.Message}";
        }

        LogCorrupt(path, problem, aside);
    }

    [LoggerMessage(1, LogLevel.Warning, "Journal file {Path} is unreadable ({Problem}); moved aside to {Aside}, its event is not resumed")]
    private partial void LogCorrupt(string path, string problem, string aside);

    [LoggerMessage(2, LogLevel.Error, "Journal write for event {EventId} failed ({Reason}); its clip job goes on in memory only and is lost if the module stops first")]
    private partial void LogWriteFailed(string eventId, string reason);
}

/// <summary>What <see cref="ClipJobJournal.Load"/> found.</summary>
/// <param name="OpenEvents">Events started and not ended.</param>
/// <param name="Jobs">Ended events whose clips are not all handed over, with their progress.</param>
public sealed record JournalContents(IReadOnlyList<JournaledOpenEvent> OpenEvents, IReadOnlyList<ClipJob> Jobs);

/// <summary>A journaled open event: its footage from <see cref="ProtectFrom"/> on stays protected.</summary>
public sealed record JournaledOpenEvent(string CameraId, string EventId, DateTimeOffset Start, double PreRollSeconds)
{
    /// <summary>Event start − pre-roll.</summary>
    public DateTimeOffset ProtectFrom => Start - TimeSpan.FromSeconds(PreRollSeconds);
}

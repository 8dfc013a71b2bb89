using EdgeCam.Edge.Durability;

namespace EdgeCam.SegmentRecorder.Journal;

/// <summary>
/// The triggers whose clips were all handed over, so that a trigger redelivered later (an at-least-once sender, an MQTT
/// command published again, a restart between the hand-over and the sender's acknowledgement) makes no second clip:
/// one empty file per trigger, <c>&lt;event&gt;.done</c> beside the journal, written durably before the job's journal
/// file is deleted. The newest <see cref="Remembered"/> are kept; older ones are pruned when the journal loads.
/// Called under the journal's lock.
/// </summary>
internal sealed class CompletedTriggers
{
    /// <summary>Suffix of a marker file.</summary>
    public const string FileSuffix = ".done";

    /// <summary>How many completed triggers are remembered (a doorbell rings far fewer times between two restarts).</summary>
    public const int Remembered = 1000;

    private readonly string _directory;
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public CompletedTriggers(string directory)
    {
        _directory = directory;
    }

    /// <summary>True when the trigger of <paramref name="eventId"/> was completed.</summary>
    public bool Contains(string eventId) => _done.Contains(eventId);

    /// <summary>Reads the markers, deleting all but the newest <see cref="Remembered"/>.</summary>
    public void Load()
    {
        _done.Clear();
        var markers = new DirectoryInfo(_directory).EnumerateFiles("*" + FileSuffix)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var stale in markers.Skip(Remembered))
        {
            stale.Delete();
        }

        foreach (var marker in markers.Take(Remembered))
        {
            _done.Add(marker.Name[..^FileSuffix.Length]);
        }
    }

    /// <summary>
    /// Marks the trigger of <paramref name="eventId"/> completed: in memory at once (this process records it no more even
    /// if the disk refuses the marker), then durably, before the caller deletes its job.
    /// </summary>
    public void Add(string eventId)
    {
        _done.Add(eventId);
        Directory.CreateDirectory(_directory);
        DurableFile.WriteAtomically(Path.Combine(_directory, eventId + FileSuffix), []);
    }
}

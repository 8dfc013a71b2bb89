namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// The footage that events still need, so retention leaves it alone. An open event (started, not ended) protects
/// everything from start − pre-roll on, as long as it is open: its clips will cover it all, part after part. A pending
/// event (ended, clips not cut yet) protects [start − pre-roll, end + post-roll]. The entry is released once its clips
/// are written or given up. Thread-safe. The module journals both kinds (<c>Journal/ClipJobJournal</c>) and protects
/// them again at start, so a restart does not lift a protection.
/// </summary>
public sealed class EventProtections
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProtectedWindow> _windows = new(StringComparer.Ordinal);
    private readonly Action<string>? _openExpired;

    /// <param name="openExpired">Called (outside the lock) with the id of each open event <see cref="ExpireOpen"/> dropped.</param>
    public EventProtections(Action<string>? openExpired = null)
    {
        _openExpired = openExpired;
    }

    /// <summary>Protects <paramref name="window"/> for event <paramref name="eventId"/> (replacing an earlier window of the same event).</summary>
    public void Protect(string eventId, ProtectedWindow window)
    {
        lock (_gate)
        {
            _windows[eventId] = window;
        }
    }

    /// <summary>Stops protecting the footage of <paramref name="eventId"/>.</summary>
    public void Release(string eventId)
    {
        lock (_gate)
        {
            _windows.Remove(eventId);
        }
    }

    /// <summary>
    /// The longest an event can be open: CameraCapture ends every event after its <c>motion.maxEventSeconds</c>, at most
    /// 3600 s. An open event older than this (plus pre-roll and a grace) lost its <c>motionEnded</c>.
    /// </summary>
    public static readonly TimeSpan LongestEvent = TimeSpan.FromHours(1);

    /// <summary>
    /// Drops open-event windows that started more than <see cref="LongestEvent"/> + <paramref name="grace"/> ago: their
    /// end message was lost, and protecting footage forever would fill the disk. Returns how many were dropped.
    /// </summary>
    public int ExpireOpen(DateTimeOffset now, TimeSpan grace)
    {
        List<string> stale;
        lock (_gate)
        {
            stale = _windows.Where(w => w.Value.IsOpenEvent && w.Value.Start + LongestEvent + grace < now).Select(w => w.Key).ToList();
            foreach (var key in stale)
            {
                _windows.Remove(key);
            }
        }

        foreach (var key in stale)
        {
            _openExpired?.Invoke(key);
        }

        return stale.Count;
    }

    /// <summary>The windows protected now.</summary>
    public IReadOnlyList<ProtectedWindow> Snapshot()
    {
        lock (_gate)
        {
            return [.. _windows.Values];
        }
    }
}

/// <summary>A stretch of one camera's footage that must not be evicted.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Start">First instant needed.</param>
/// <param name="End">Last instant needed.</param>
/// <param name="IsOpenEvent">True while the event has not ended.</param>
public sealed record ProtectedWindow(string CameraId, DateTimeOffset Start, DateTimeOffset End, bool IsOpenEvent)
{
    /// <summary>An open event's window: from <paramref name="start"/> (event start − pre-roll) on, with no end yet.</summary>
    public static ProtectedWindow ForOpenEvent(string cameraId, DateTimeOffset start) => new(cameraId, start, DateTimeOffset.MaxValue, IsOpenEvent: true);

    /// <summary>True when the window overlaps [<paramref name="start"/>, <paramref name="end"/>] of <paramref name="cameraId"/>.</summary>
    public bool Overlaps(string cameraId, DateTimeOffset start, DateTimeOffset end) =>
        string.Equals(cameraId, CameraId, StringComparison.Ordinal) && start <= End && end >= Start;
}

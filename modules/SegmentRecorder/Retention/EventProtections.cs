namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// The footage that events still need, so retention leaves it alone. An open event (started, not ended) protects
/// [start − pre-roll, start + max clip length]: no clip of it can use anything later. A pending event (ended, clip not
/// cut yet) protects its clip window. The entry is released once the clip is written or given up. Thread-safe.
/// </summary>
public sealed class EventProtections
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProtectedWindow> _windows = new(StringComparer.Ordinal);

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
    /// Drops open-event windows whose end passed more than <paramref name="grace"/> ago: their end message was lost, and
    /// protecting footage forever would fill the disk. Returns how many were dropped.
    /// </summary>
    public int ExpireOpen(DateTimeOffset now, TimeSpan grace)
    {
        lock (_gate)
        {
            var stale = _windows.Where(w => w.Value.IsOpenEvent && w.Value.End + grace < now).Select(w => w.Key).ToList();
            foreach (var key in stale)
            {
                _windows.Remove(key);
            }

            return stale.Count;
        }
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
    /// <summary>True when the window overlaps [<paramref name="start"/>, <paramref name="end"/>] of <paramref name="cameraId"/>.</summary>
    public bool Overlaps(string cameraId, DateTimeOffset start, DateTimeOffset end) =>
        string.Equals(cameraId, CameraId, StringComparison.Ordinal) && start <= End && end >= Start;
}

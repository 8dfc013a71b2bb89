namespace EdgeCam.EventRouter.Alerts;

/// <summary>
/// Events that got no motion alert (below <c>minScore</c>, alerts off, rate limit): their clips get no follow-up either.
/// Bounded to the newest <see cref="Remembered"/>; an event not remembered (an EventRouter restart between the two) gets
/// its follow-up, which errs on the side of telling.
/// </summary>
public sealed class QuietEvents
{
    public const int Remembered = 1024;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _quiet = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string cameraId, string eventId)
    {
        lock (_gate)
        {
            if (_quiet.Add(Key(cameraId, eventId)))
            {
                _order.Enqueue(Key(cameraId, eventId));
                while (_order.Count > Remembered)
                {
                    _quiet.Remove(_order.Dequeue());
                }
            }
        }
    }

    /// <summary>True when the event (or, for a clip part <c>&lt;event&gt;.partN</c>, its event) got no motion alert.</summary>
    public bool Contains(string cameraId, string eventId)
    {
        lock (_gate)
        {
            return _quiet.Contains(Key(cameraId, AlertComposer.EventOf(eventId)));
        }
    }

    private static string Key(string cameraId, string eventId) => cameraId + "\n" + eventId;
}

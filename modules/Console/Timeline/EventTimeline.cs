using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Snapshots;

namespace EdgeCam.WebConsole.Timeline;

/// <summary>
/// The newest motion events, put together from the modules' messages (motion, snapshots, clips, uploads, alerts) as
/// they pass. It keeps <see cref="Capacity"/> events and forgets the oldest; a message that arrives twice changes
/// nothing. Thread-safe: messages arrive on the module's input while pages read.
/// </summary>
public sealed class EventTimeline
{
    /// <summary>Events kept (about a week of a busy camera at a few events an hour).</summary>
    public const int Capacity = 500;

    private readonly object _gate = new();
    private readonly Dictionary<string, TimelineEvent> _events = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();

    /// <summary>The events, newest first.</summary>
    public IReadOnlyList<TimelineEvent> Newest(int count)
    {
        lock (_gate)
        {
            return _events.Values.OrderByDescending(e => e.Start).Take(count).ToList();
        }
    }

    /// <summary>The event <paramref name="eventId"/>, or null.</summary>
    public TimelineEvent? Find(string eventId)
    {
        lock (_gate)
        {
            return _events.GetValueOrDefault(eventId);
        }
    }

    public void Observe(MotionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        Update(started.CameraId, started.EventId, started.Start, e => e with
        {
            Score = Math.Max(e.Score, started.Score),
            Zones = started.Zones,
            SnapshotPath = e.SnapshotPath ?? started.SnapshotPath,
        });
    }

    public void Observe(MotionEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        Update(ended.CameraId, ended.EventId, ended.Start, e => e with { End = ended.End, Score = Math.Max(e.Score, ended.PeakScore) });
    }

    public void Observe(SnapshotReady snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Update(snapshot.CameraId, snapshot.EventId, snapshot.EventStart, e => e with { SnapshotPath = snapshot.SnapshotPath });
    }

    public void Observe(ClipReady clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Kind != ClipKinds.Event)
        {
            return;
        }

        Update(clip.CameraId, clip.EventId, clip.Start, e => e.Clips.Any(c => c.ClipPath == clip.ClipPath)
            ? e
            : e with { Clips = [.. e.Clips.Append(new TimelineClip(clip.ClipPath, clip.Part, clip.SizeBytes)).OrderBy(c => c.Part)] });
    }

    public void Observe(ClipUploaded uploaded)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
        lock (_gate)
        {
            if (_events.TryGetValue(uploaded.EventId, out var e))
            {
                _events[uploaded.EventId] = e with
                {
                    Clips = [.. e.Clips.Select(c => c.ClipPath == uploaded.ClipPath ? c with { BlobName = uploaded.BlobName, ReadLink = uploaded.ReadLink } : c)],
                };
            }
        }
    }

    /// <summary>Adds the alert's text to its motion event; an alert about anything else (health, clock) is no event and is left out.</summary>
    public void Observe(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        lock (_gate)
        {
            if (_events.TryGetValue(alert.EventId, out var e))
            {
                _events[alert.EventId] = e with { AlertText = alert.Text, SnapshotPath = e.SnapshotPath ?? alert.SnapshotPath };
            }
        }
    }

    private void Update(string cameraId, string eventId, DateTimeOffset start, Func<TimelineEvent, TimelineEvent> change)
    {
        lock (_gate)
        {
            if (!_events.TryGetValue(eventId, out var e))
            {
                e = new TimelineEvent(cameraId, eventId, start);
                _order.AddLast(eventId);
                if (_order.Count > Capacity)
                {
                    _events.Remove(_order.First!.Value);
                    _order.RemoveFirst();
                }
            }

            _events[eventId] = change(e);
        }
    }
}

using EdgeCam.Contracts.Blobs;

namespace EdgeCam.EventRouter.Alerts;

/// <summary>
/// Meets each motion start with BlobBuffer's <c>snapshotLink</c> for the same event (the snapshot's blob name and read
/// link). The two arrive on different routes in either order: a link that comes first waits here (the newest
/// <see cref="Remembered"/> are kept), an alert that comes first waits for its link at most <see cref="Patience"/>.
/// </summary>
public sealed class SnapshotLinks(TimeProvider time)
{
    /// <summary>How long a motion alert waits for its link: BlobBuffer answers in one hop, well under this.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    /// <summary>Links kept for alerts that have not arrived yet (or never will: an event below minScore).</summary>
    public const int Remembered = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SnapshotLink> _arrived = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, TaskCompletionSource<SnapshotLink>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Hands <paramref name="link"/> to the alert waiting for it, or keeps it for the alert to come.</summary>
    public void Add(SnapshotLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var key = Key(link.CameraId, link.EventId);
        lock (_gate)
        {
            if (_waiting.Remove(key, out var waiter))
            {
                waiter.TrySetResult(link);
                return;
            }

            if (_arrived.TryAdd(key, link))
            {
                _order.Enqueue(key);
                while (_order.Count > Remembered)
                {
                    _arrived.Remove(_order.Dequeue());
                }
            }
        }
    }

    /// <summary>The link of the event, waiting for it at most <paramref name="patience"/>; null when it did not come.</summary>
    public async Task<SnapshotLink?> WaitAsync(string cameraId, string eventId, TimeSpan patience, CancellationToken cancellationToken)
    {
        var key = Key(cameraId, eventId);
        TaskCompletionSource<SnapshotLink> waiter;
        lock (_gate)
        {
            if (_arrived.Remove(key, out var link))
            {
                return link;
            }

            if (!_waiting.TryGetValue(key, out waiter!))
            {
                waiter = new TaskCompletionSource<SnapshotLink>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[key] = waiter;
            }
        }

        try
        {
            return await waiter.Task.WaitAsync(patience, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiting.Remove(key);
            }

            return null;
        }
    }

    private static string Key(string cameraId, string eventId) => cameraId + "\n" + eventId;
}

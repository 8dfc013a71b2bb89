using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeCam.EventRouter.Benchmarks;

/// <summary>When each sink's receiver got each alert (Stopwatch ticks, taken in the receiver's own callback).</summary>
internal sealed class Arrivals
{
    private readonly ConcurrentDictionary<(string Sink, string AlertId), long> _at = new();

    public void Record(string sink, string alertId) => _at.TryAdd((sink, alertId), Stopwatch.GetTimestamp());

    public bool TryGet(string sink, string alertId, out long timestamp) => _at.TryGetValue((sink, alertId), out timestamp);
}

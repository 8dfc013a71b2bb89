using System.Threading.Channels;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Edge.Retries;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Sinks;

/// <summary>
/// One sink's queue and worker: alerts wait in a bounded queue of <see cref="Capacity"/> and are delivered in order,
/// each retried with backoff until the sink takes it (at least once). When the queue is full (the sink has been failing
/// for a long time) the oldest alert is dropped, because the newest is the one worth acting on; the drops are logged
/// once per episode. <see cref="Offer"/> never waits, so the router and the other sinks never wait for this one.
/// </summary>
public sealed partial class SinkWorker
{
    /// <summary>Alerts one sink holds. At the default rate limit (12 a minute per camera) that is over 20 minutes of one camera.</summary>
    public const int Capacity = 256;

    private readonly IAlertSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Alert> _queue;
    private long _dropped;
    private long _reportedDropped;
    private long _delivered;

    public SinkWorker(IAlertSink sink, TimeProvider time, ILogger<SinkWorker> logger)
    {
        _sink = sink;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Alert>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The sink this worker feeds.</summary>
    public IAlertSink Sink => _sink;

    /// <summary>Alerts waiting for delivery.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>Alerts delivered since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Queues <paramref name="alert"/> when the sink is enabled; never waits (a full queue drops its oldest).</summary>
    public void Offer(Alert alert)
    {
        if (_sink.IsEnabled)
        {
            _queue.Writer.TryWrite(alert);
        }
    }

    /// <summary>Delivers queued alerts until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            ReportDrops();
            await DeliverWithRetriesAsync(alert, cancellationToken);
        }
    }

    private async Task DeliverWithRetriesAsync(Alert alert, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!_sink.IsEnabled)
            {
                LogDroppedDisabled(_sink.Name, alert.AlertId);
                return;
            }

            try
            {
                await _sink.DeliverAsync(alert, cancellationToken);
                Interlocked.Increment(ref _delivered);
                if (attempt > 1)
                {
                    LogRecovered(_sink.Name, alert.AlertId, attempt);
                }

                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    LogFailing(_sink.Name, alert.AlertId, ex.Message);
                }

                await Task.Delay(new ExponentialBackoff(_sink.RetryMinimum, _sink.RetryMaximum, BackoffJitter.Half).Delay(attempt), _time, cancellationToken);
            }
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped != _reportedDropped)
        {
            LogOverflow(_sink.Name, dropped - _reportedDropped, Capacity);
            _reportedDropped = dropped;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Sink {Sink} failed to deliver alert {AlertId}: {Reason}; retrying with backoff")]
    private partial void LogFailing(string sink, string alertId, string reason);

    [LoggerMessage(2, LogLevel.Information, "Sink {Sink} delivered alert {AlertId} after {Attempts} attempts")]
    private partial void LogRecovered(string sink, string alertId, int attempts);

    [LoggerMessage(3, LogLevel.Warning, "Sink {Sink} queue was full ({Capacity}): dropped its {Count} oldest alerts")]
    private partial void LogOverflow(string sink, long count, int capacity);

    [LoggerMessage(4, LogLevel.Information, "Sink {Sink} was switched off: alert {AlertId} dropped from its queue")]
    private partial void LogDroppedDisabled(string sink, string alertId);
}

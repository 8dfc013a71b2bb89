using EdgeCam.Contracts.Alerts;

namespace EdgeCam.EventRouter.Sinks;

/// <summary>Hands each admitted alert to every sink's own worker; runs the workers side by side.</summary>
public sealed class AlertFanOut
{
    public AlertFanOut(IReadOnlyList<SinkWorker> workers)
    {
        Workers = workers;
    }

    /// <summary>One worker per sink, in registration order.</summary>
    public IReadOnlyList<SinkWorker> Workers { get; }

    /// <summary>Queues <paramref name="alert"/> on every enabled sink; never waits for any of them.</summary>
    public void Offer(Alert alert)
    {
        foreach (var worker in Workers)
        {
            worker.Offer(alert);
        }
    }

    /// <summary>Runs every worker until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(Workers.Select(w => w.RunAsync(cancellationToken)));
}

using EdgeCam.Contracts.Alerts;

namespace EdgeCam.EventRouter.Sinks;

/// <summary>
/// A local place alerts go (the MQTT broker, a webhook; IoT Hub is the awaited durable path, IotHub/IotHubSink). A new
/// sink is one class implementing this: its <see cref="SinkWorker"/> gives it its own bounded queue, retries and logs, so a slow or dead sink delays no other.
/// </summary>
public interface IAlertSink
{
    /// <summary>Short name for logs and the benchmark (<c>mqtt</c>, <c>webhook</c>).</summary>
    string Name { get; }

    /// <summary>False while the sink's settings switch it off: its alerts are not queued.</summary>
    bool IsEnabled { get; }

    /// <summary>Shortest wait before the first retry of a failed delivery.</summary>
    TimeSpan RetryMinimum { get; }

    /// <summary>Longest wait between retries (the backoff doubles up to it).</summary>
    TimeSpan RetryMaximum { get; }

    /// <summary>
    /// Delivers one alert and completes once the receiver took it; throws on any failure, and the worker tries again.
    /// Each attempt carries <see cref="Alert.AlertId"/> as the receiver's deduplication key, so a retry of a delivery that
    /// did arrive is recognisable as one.
    /// </summary>
    Task DeliverAsync(Alert alert, CancellationToken cancellationToken);
}

using EdgeCam.Contracts.Alerts;
using EdgeCam.EventRouter.Sinks.IotHub;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Sinks;

/// <summary>
/// Sends an alert that is to go out (admitted, or a health alert that needs no admission) to every sink, the one way
/// every kind of alert leaves: queued for each local sink first (their queues never wait), then delivered on the
/// durable upstream path, awaited so the input that caused it is acknowledged only once IoT Hub (or the outbox) took it.
/// </summary>
public sealed partial class AlertDispatch
{
    private readonly IotHubSink _upstream;
    private readonly AlertFanOut _local;
    private readonly ILogger _logger;

    /// <param name="upstream">The durable path (output <c>alerts</c>).</param>
    /// <param name="local">The local sinks' workers.</param>
    /// <param name="logger">The module's log (the sent line is the module's).</param>
    public AlertDispatch(IotHubSink upstream, AlertFanOut local, ILogger logger)
    {
        _upstream = upstream;
        _local = local;
        _logger = logger;
    }

    /// <summary>Queues <paramref name="alert"/> for the local sinks, then sends it upstream; one log line once it went.</summary>
    public async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _local.Offer(alert);
        await _upstream.DeliverAsync(alert, cancellationToken);
        LogAlertSent(alert.Kind, alert.CameraId, alert.EventId);
    }

    [LoggerMessage(1, LogLevel.Information, "Alert sent upstream and queued for the local sinks: {Kind} on {CameraId}, event {EventId}")]
    private partial void LogAlertSent(string kind, string cameraId, string eventId);
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.EventRouter.Sinks.IotHub;

/// <summary>
/// Alerts on the module output <c>alerts</c>, which the routes send to <c>$upstream</c> (IoT Hub; in the agent without an
/// identity, the console and <c>alerts.jsonl</c>). The alert id is the message id (<c>$.mid</c>). edgeHub (or the agent's
/// outbox) stores and forwards from there, so EventRouter awaits this send before it acknowledges the input that caused
/// the alert: it is the durable path, not a queued <see cref="IAlertSink"/> with retries of its own.
/// </summary>
public sealed class IotHubSink
{
    /// <summary>Output name of alerts.</summary>
    public const string Output = "alerts";

    private readonly IModuleClient _client;

    public IotHubSink(IModuleClient client)
    {
        _client = client;
    }

    /// <summary>Sends <paramref name="alert"/> on output <c>alerts</c>; completes once edgeHub (or the outbox) took it.</summary>
    public Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var message = ContractMessage.Create(alert, ContractsJsonContext.Default.Alert, MessageTypes.Alert, alert.CameraId, messageId: alert.AlertId);
        return _client.SendAsync(Output, message, cancellationToken);
    }
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.EventRouter.Sinks.IotHub;

/// <summary>
/// Alerts on the module output <c>alerts</c>, which the routes send to <c>$upstream</c> (IoT Hub; in the agent without an
/// identity, the console and <c>alerts.jsonl</c>). The alert id is the message id (<c>$.mid</c>). edgeHub (or the agent's
/// outbox) stores and forwards from there, so this send only fails while the module's own link to it is down.
/// </summary>
public sealed class IotHubSink : IAlertSink
{
    /// <summary>Output name of alerts.</summary>
    public const string Output = "alerts";

    private readonly IModuleClient _client;

    public IotHubSink(IModuleClient client)
    {
        _client = client;
    }

    /// <inheritdoc />
    public string Name => "iotHub";

    /// <inheritdoc />
    public bool IsEnabled => true;

    /// <inheritdoc />
    public TimeSpan RetryMinimum => TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public TimeSpan RetryMaximum => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var message = ContractMessage.Create(alert, ContractsJsonContext.Default.Alert, MessageTypes.Alert, alert.CameraId, messageId: alert.AlertId);
        return _client.SendAsync(Output, message, cancellationToken);
    }
}

using System.Text.Json;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.EventRouter.LocalMqtt;

namespace EdgeCam.EventRouter.Sinks.Mqtt;

/// <summary>
/// Alerts on the local broker: the alert JSON on <see cref="TopicLayout.Alert"/>, QoS 1, not retained (an alert
/// is an event, not a state). MQTT 3.1.1 has no headers: the deduplication key is the payload's <c>alertId</c>.
/// </summary>
public sealed class MqttAlertSink : IAlertSink
{
    private readonly LocalMqttLink _link;

    public MqttAlertSink(LocalMqttLink link)
    {
        _link = link;
    }

    /// <inheritdoc />
    public string Name => "mqtt";

    /// <inheritdoc />
    public bool IsEnabled => _link.Settings.Enabled;

    /// <inheritdoc />
    public TimeSpan RetryMinimum => TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public TimeSpan RetryMaximum => TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var payload = JsonSerializer.SerializeToUtf8Bytes(alert, ContractsJsonContext.Default.Alert);
        return _link.PublishAsync(_link.Topics.Alert(alert.CameraId), payload, retain: false, cancellationToken);
    }
}

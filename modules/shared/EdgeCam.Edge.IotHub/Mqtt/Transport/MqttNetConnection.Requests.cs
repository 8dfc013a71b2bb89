using System.Buffers;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>The calls that need the connection up: publish and subscribe, with MQTTnet's errors turned into the seam's.</summary>
public sealed partial class MqttNetConnection
{
    /// <inheritdoc />
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (qos is not (MqttQos.AtMostOnce or MqttQos.AtLeastOnce))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "Only QoS 0 and 1 are supported.");
        }

        ThrowUnlessConnected();
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = (MqttQualityOfServiceLevel)qos,
        };
        var result = await CallAsync(() => _client.PublishAsync(message, cancellationToken), "publish to " + topic, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Cannot publish to {topic}: {result.ReasonCode}.");
        }
    }

    /// <inheritdoc />
    public async Task SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var subscription in subscriptions)
        {
            ArgumentException.ThrowIfNullOrEmpty(subscription.TopicFilter);
            builder.WithTopicFilter(subscription.TopicFilter, (MqttQualityOfServiceLevel)subscription.Qos);
        }

        ThrowUnlessConnected();
        lock (_gate)
        {
            // Before SUBSCRIBE: a retained or queued message may follow the SUBACK at once.
            AddAcknowledgeAfterHandling([.. subscriptions.Where(s => s.AcknowledgeAfterHandling).Select(s => s.TopicFilter)]);
        }

        var result = await CallAsync(() => _client.SubscribeAsync(builder.Build(), cancellationToken), "subscribe", cancellationToken);
        foreach (var item in result.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                var filter = item.TopicFilter.Topic;
                throw new MqttSubscribeException($"The broker refused the subscription to '{filter}' (SUBACK 0x{(int)item.ResultCode:X2}).", filter);
            }
        }
    }

    /// <summary>Runs a call that needs the connection, turning MQTTnet's connection errors into <see cref="MqttConnectionLostException"/>.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Only the wait is abandoned: the packet may still go out.
            throw;
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException || (ex is ObjectDisposedException && _state != State.Disposed))
        {
            throw new MqttConnectionLostException($"Cannot {what}: the MQTT connection to {_endpoint} is gone ({ex.Message}).", ex);
        }
    }

    /// <summary>Remembers filters whose QoS 1 messages the reader acknowledges (under <see cref="_gate"/>).</summary>
    private void AddAcknowledgeAfterHandling(IReadOnlyList<string> filters) =>
        _acknowledgeAfterHandling.AddRange(filters.Except(_acknowledgeAfterHandling, StringComparer.Ordinal));

    private void ThrowUnlessConnected()
    {
        var state = _state;
        ObjectDisposedException.ThrowIf(state == State.Disposed, this);
        if (state != State.Connected || !_client.IsConnected)
        {
            throw new MqttConnectionLostException($"Not connected ({(state == State.Connected ? "lost" : state)}).");
        }
    }
}

using System.Buffers;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCam.EventRouter.LocalMqtt.Transport;

/// <summary><see cref="ILocalMqttClient"/> over MQTTnet 5: the only file of EventRouter that sees MQTTnet's client.</summary>
public sealed class MqttNetLocalClient : ILocalMqttClient
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public MqttNetLocalClient()
    {
        // MQTTnet sends the PUBACK once this handler returns: a message is acknowledged only after it was handled.
        _client.ApplicationMessageReceivedAsync += e => MessageReceived is { } received
            ? received(new LocalMqttMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain))
            : Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc />
    public Func<LocalMqttMessage, Task>? MessageReceived { get; set; }

    /// <inheritdoc />
    public async Task ConnectAsync(LocalMqttConnectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(OperationTimeout)
            .WithoutPacketFragmentation()
            .WithWillTopic(options.WillTopic)
            .WithWillPayload(System.Text.Encoding.UTF8.GetBytes(options.WillPayload))
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        try
        {
            var result = await _client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new LocalMqttException($"the broker {options} refused the connection: {result.ResultCode}");
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or System.Net.Sockets.SocketException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LocalMqttException($"cannot reach the broker {options}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken);
            if (!result.IsSuccess)
            {
                throw new LocalMqttException($"the broker did not accept {topic}: {result.ReasonCode}");
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttClientNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LocalMqttException($"publish to {topic} failed: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task SubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        try
        {
            var result = await _client.SubscribeAsync(builder.Build(), cancellationToken);
            if (result.Items.FirstOrDefault(i => i.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2)) is { } refused)
            {
                throw new LocalMqttException($"the broker refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}");
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttClientNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LocalMqttException($"subscribe to {string.Join(", ", filters)} failed: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
        }
        catch (MqttCommunicationException)
        {
            // Going away anyway.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

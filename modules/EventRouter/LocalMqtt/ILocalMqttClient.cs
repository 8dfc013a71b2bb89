namespace EdgeCam.EventRouter.LocalMqtt;

/// <summary>
/// One connection to the local MQTT broker (Home Assistant's Mosquitto, or the agent's embedded one): the narrow seam in
/// front of MQTTnet (<c>Transport/MqttNetLocalClient</c>). Publishes and subscribes at QoS 1, MQTT 3.1.1, clean session
/// (so subscriptions end with the connection); never reconnects by itself (<see cref="LocalMqttLink"/> does, and subscribes again).
/// </summary>
public interface ILocalMqttClient : IAsyncDisposable
{
    /// <summary>True between a successful CONNACK and the loss or close of the connection.</summary>
    bool IsConnected { get; }

    /// <summary>Connects and waits for CONNACK; the broker keeps the will and publishes it if the connection dies.</summary>
    /// <exception cref="LocalMqttException">The broker refused, or the network failed.</exception>
    Task ConnectAsync(LocalMqttConnectOptions options, CancellationToken cancellationToken);

    /// <summary>Publishes at QoS 1 and completes when PUBACK arrives.</summary>
    /// <exception cref="LocalMqttException">Not connected, or the connection failed before PUBACK.</exception>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken);

    /// <summary>
    /// Called for each message received on a subscription; its PUBACK goes once the callback returns, so a message whose
    /// handling was cut short by a lost connection is not acknowledged (at least once). Set before <see cref="ConnectAsync"/>.
    /// </summary>
    Func<LocalMqttMessage, Task>? MessageReceived { get; set; }

    /// <summary>Subscribes to <paramref name="filters"/> at QoS 1 and completes when SUBACK grants every one.</summary>
    /// <exception cref="LocalMqttException">Not connected, a filter refused, or the connection failed before SUBACK.</exception>
    Task SubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken);

    /// <summary>Sends DISCONNECT (the broker then drops the will) and closes the socket.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}

/// <summary>How to connect. <see cref="Password"/> comes from the environment, never the twin: never log it.</summary>
/// <param name="Host">Broker host.</param>
/// <param name="Port">Broker port.</param>
/// <param name="ClientId">MQTT client id.</param>
/// <param name="Username">User name, or null for anonymous.</param>
/// <param name="Password">Password, or null.</param>
/// <param name="WillTopic">Topic of the last will (retained, QoS 1).</param>
/// <param name="WillPayload">Payload of the last will.</param>
public sealed record LocalMqttConnectOptions(string Host, int Port, string ClientId, string? Username, string? Password, string WillTopic, string WillPayload)
{
    /// <summary>Shows everything but the password.</summary>
    public override string ToString() => $"{ClientId}@{Host}:{Port} (user {Username ?? "-"})";
}

/// <summary>A message received on a subscription.</summary>
/// <param name="Topic">The topic it was published to.</param>
/// <param name="Payload">Its bytes.</param>
/// <param name="Retained">True when the broker sent it as the retained message of the topic (on subscribing), false when it
/// was published while subscribed.</param>
public sealed record LocalMqttMessage(string Topic, ReadOnlyMemory<byte> Payload, bool Retained);

/// <summary>Something that listens on the local broker through <see cref="LocalMqttLink.Subscribe"/>.</summary>
public interface ILocalMqttSubscriber
{
    /// <summary>The topic filters to subscribe to under <paramref name="topics"/> (asked again at every connection).</summary>
    IReadOnlyList<string> Filters(TopicLayout topics);

    /// <summary>Handles one message on one of <see cref="Filters"/>; <paramref name="topics"/> is the layout of the connection it came on.</summary>
    Task OnMessageAsync(TopicLayout topics, LocalMqttMessage message, CancellationToken cancellationToken);
}

/// <summary>A connect, publish or subscribe on the local broker failed; the message says why in one line.</summary>
public sealed class LocalMqttException : Exception
{
    public LocalMqttException()
    {
    }

    public LocalMqttException(string message)
        : base(message)
    {
    }

    public LocalMqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

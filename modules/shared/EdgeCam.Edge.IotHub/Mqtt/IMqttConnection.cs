using System.Threading.Channels;

namespace EdgeCam.Edge.Mqtt;

/// <summary>
/// One MQTT 3.1.1 connection: the narrow seam in front of MQTTnet (<c>Transport/MqttNetConnection</c>). The IoT Hub
/// protocol layer above it decides what to connect with, what to subscribe to and when to reconnect (SAS tokens
/// cannot be renewed in-band, so a reconnect needs fresh credentials); the connection never reconnects by itself.
/// <para>
/// QoS 0 and 1 only. A message on a subscription made with <see cref="MqttSubscription.AcknowledgeAfterHandling"/> is
/// acknowledged (PUBACK) only when its reader calls <see cref="MqttIncomingMessage.AcknowledgeAsync"/>; every other
/// message is acknowledged on arrival.
/// </para>
/// </summary>
public interface IMqttConnection : IAsyncDisposable
{
    /// <summary>Messages from subscriptions, in arrival order. Completes when the connection is disposed.</summary>
    ChannelReader<MqttIncomingMessage> Messages { get; }

    /// <summary>True between a successful CONNACK and the loss or close of the connection.</summary>
    bool IsConnected { get; }

    /// <summary>Raised once when an established connection is lost (not when <see cref="DisconnectAsync"/> closes it).</summary>
    event EventHandler<MqttConnectionLostEventArgs>? ConnectionLost;

    /// <summary>Connects and waits for CONNACK.</summary>
    /// <exception cref="MqttConnectException">The broker refused (return code and reason) or TLS/network failed.</exception>
    Task ConnectAsync(MqttConnectOptions options, CancellationToken cancellationToken);

    /// <summary>Publishes; for <see cref="MqttQos.AtLeastOnce"/> completes when PUBACK arrives.</summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken);

    /// <summary>Subscribes and completes when SUBACK arrives.</summary>
    Task SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken);

    /// <summary>Sends DISCONNECT and closes the socket.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}

/// <summary>MQTT quality of service levels EdgeCam uses (IoT Hub does not support QoS 2).</summary>
public enum MqttQos
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
}

/// <summary>A topic filter and the QoS asked for it.</summary>
/// <param name="TopicFilter">The filter, wildcards allowed.</param>
/// <param name="Qos">The QoS asked for.</param>
/// <param name="AcknowledgeAfterHandling">
/// QoS 1 messages matching this filter are acknowledged only by <see cref="MqttIncomingMessage.AcknowledgeAsync"/>, so
/// that a message whose handling did not finish is delivered again on the next connection of a persistent session
/// (clean session off); name the filter in <see cref="MqttConnectOptions.AcknowledgeAfterHandling"/> too, to cover
/// that redelivery. The reader must acknowledge each one: the broker stops sending once its in-flight window
/// (20 messages for Mosquitto) is full of unacknowledged messages.
/// </param>
public sealed record MqttSubscription(string TopicFilter, MqttQos Qos, bool AcknowledgeAfterHandling = false);

/// <summary>A message that arrived on a subscription; the payload is a managed copy.</summary>
public sealed record MqttIncomingMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain)
{
    private readonly Func<CancellationToken, Task>? _acknowledge;

    /// <summary>A message whose PUBACK waits for <see cref="AcknowledgeAsync"/> (<paramref name="acknowledge"/> sends it).</summary>
    public MqttIncomingMessage(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, bool duplicate, Func<CancellationToken, Task>? acknowledge)
        : this(topic, payload, qos, retain)
    {
        Duplicate = duplicate;
        _acknowledge = acknowledge;
    }

    /// <summary>The broker's DUP flag: it sent this message before (on this session) without getting its PUBACK.</summary>
    public bool Duplicate { get; init; }

    /// <summary>True when the broker waits for <see cref="AcknowledgeAsync"/> (QoS 1 on an acknowledge-after-handling subscription).</summary>
    public bool AwaitsAcknowledgement => _acknowledge is not null;

    /// <summary>
    /// Sends the PUBACK of a message that <see cref="AwaitsAcknowledgement"/>; does nothing for any other message, a second
    /// time, or when the connection that delivered it is gone (the broker then delivers it again on the next one).
    /// </summary>
    public Task AcknowledgeAsync(CancellationToken cancellationToken) => _acknowledge?.Invoke(cancellationToken) ?? Task.CompletedTask;
}

/// <summary>How to connect. <see cref="Password"/> may hold a SAS token: never log it.</summary>
public sealed record MqttConnectOptions(
    string Host,
    int Port,
    string ClientId,
    string? Username,
    string? Password,
    MqttTlsOptions? Tls,
    TimeSpan KeepAlive,
    bool CleanSession)
{
    /// <summary>
    /// Topic filters whose QoS 1 messages wait for <see cref="MqttIncomingMessage.AcknowledgeAsync"/> from the CONNACK on:
    /// a persistent session redelivers unacknowledged messages right after it, before any SUBSCRIBE. A subscription made
    /// with <see cref="MqttSubscription.AcknowledgeAfterHandling"/> adds its filter as well.
    /// </summary>
    public IReadOnlyList<string> AcknowledgeAfterHandling { get; init; } = [];

    /// <summary>Shows everything but the password.</summary>
    public override string ToString() => $"{ClientId}@{Host}:{Port} (user {Username ?? "-"}, tls {(Tls is null ? "off" : "on")})";
}

/// <summary>TLS settings: the server certificate is always verified, against this CA file or directory, hostname included.</summary>
public sealed record MqttTlsOptions(string? CaFile, string? CaDirectory = null);

/// <summary>Why an established connection went away.</summary>
public sealed class MqttConnectionLostEventArgs(string reason) : EventArgs
{
    public string Reason { get; } = reason;
}

/// <summary>A connection attempt failed: the broker's CONNACK return code when it answered, and a readable reason.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException()
    {
    }

    public MqttConnectException(string message)
        : base(message)
    {
    }

    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttConnectException(string message, int? connackReturnCode)
        : base(message)
    {
        ConnackReturnCode = connackReturnCode;
    }

    /// <summary>CONNACK return code (1-5) when the broker refused; null for TLS or network failures.</summary>
    public int? ConnackReturnCode { get; }

    /// <summary>True when retrying with the same credentials cannot help (bad username/password, not authorized).</summary>
    public bool IsAuthenticationFailure => ConnackReturnCode is 4 or 5;
}

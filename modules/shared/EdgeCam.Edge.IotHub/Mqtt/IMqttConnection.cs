using System.Threading.Channels;

namespace EdgeCam.Edge.Mqtt;

/// <summary>
/// One MQTT 3.1.1 connection: the narrow seam behind which libmosquitto (P/Invoke, <c>Transport/</c>) stands in for
/// MQTTnet. The IoT Hub protocol layer above it decides what to connect with, what to subscribe to and when to
/// reconnect (SAS tokens cannot be renewed in-band, so a reconnect needs fresh credentials).
/// <para>
/// QoS 0 and 1 only. Payloads are copied out of native memory before they reach <see cref="Messages"/>; nothing here
/// blocks libmosquitto's network thread.
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
public sealed record MqttSubscription(string TopicFilter, MqttQos Qos);

/// <summary>A message that arrived on a subscription; the payload is a managed copy.</summary>
public sealed record MqttIncomingMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain);

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

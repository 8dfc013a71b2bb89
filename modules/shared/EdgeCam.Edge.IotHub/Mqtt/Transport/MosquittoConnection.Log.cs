using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>One log line per state change; the endpoint text never contains the password (see MqttConnectOptions.ToString).</summary>
public sealed partial class MosquittoConnection
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MQTT connected: {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "MQTT connect failed: {Endpoint}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "MQTT connection lost: {Endpoint}: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "MQTT disconnected: {Endpoint}")]
    private static partial void LogDisconnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "MQTT inbound queue full ({Capacity} messages): libmosquitto's network thread waits for the reader")]
    private static partial void LogInboundFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "MQTT inbound queue has room again")]
    private static partial void LogInboundResumed(ILogger logger);
}

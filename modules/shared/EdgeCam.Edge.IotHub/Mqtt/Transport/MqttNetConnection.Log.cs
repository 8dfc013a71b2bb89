using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Mqtt.Transport;

/// <summary>
/// The connection's log lines. Connecting, failing, losing and closing are Debug: a connection is one attempt, and the
/// owner that retries (the IoT Hub client's supervisor, the DPS client) knows whether a failure is the first of an
/// outage (a warning) or the tenth (not news), so it logs the state change once. The endpoint text never contains the
/// password (see MqttConnectOptions.ToString).
/// </summary>
public sealed partial class MqttNetConnection
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "MQTT connected: {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "MQTT connect failed: {Endpoint}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "MQTT connection lost: {Endpoint}: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "MQTT disconnected: {Endpoint}")]
    private static partial void LogDisconnected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "MQTT inbound queue full ({Capacity} messages): delivery waits for the reader")]
    private static partial void LogInboundFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "MQTT inbound queue has room again")]
    private static partial void LogInboundResumed(ILogger logger);
}

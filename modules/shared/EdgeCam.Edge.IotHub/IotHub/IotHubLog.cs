using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub;

/// <summary>The IoT Hub client's log lines: one per state change, never one per message, never a key or token.</summary>
internal static partial class IotHubLog
{
    [LoggerMessage(301, LogLevel.Information, "{Identity}: connected to {Host}:{Port} (connection {Number}); subscribed, fetching the twin")]
    public static partial void Connected(ILogger logger, string identity, string host, int port, long number);

    [LoggerMessage(302, LogLevel.Warning, "{Identity}: cannot connect to {Host}:{Port}: {Reason}; reconnecting in {Delay} and retrying with backoff (further failures at Debug)")]
    public static partial void ConnectFailed(ILogger logger, string identity, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(318, LogLevel.Debug, "{Identity}: still cannot connect to {Host}:{Port} (attempt {Attempt}): {Reason}; reconnecting in {Delay}")]
    public static partial void ConnectStillFailing(ILogger logger, string identity, string host, int port, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(319, LogLevel.Information, "{Identity}: connected to {Host}:{Port} again after {Outage} offline ({Attempts} failed attempts; connection {Number}); subscribed, fetching the twin")]
    public static partial void Recovered(ILogger logger, string identity, string host, int port, TimeSpan outage, int attempts, long number);

    [LoggerMessage(303, LogLevel.Warning, "{Identity}: disconnected: {Reason}; messages accepted for sending wait for the reconnect")]
    public static partial void ConnectionLost(ILogger logger, string identity, string reason);

    [LoggerMessage(304, LogLevel.Information, "{Identity}: reconnecting with a fresh SAS token before the current one expires (lifetime {Lifetime})")]
    public static partial void RenewingToken(ILogger logger, string identity, TimeSpan lifetime);

    [LoggerMessage(305, LogLevel.Error, "{Identity}: {Host}:{Port} refused the credentials (CONNACK {ReturnCode}): check the key and the clock")]
    public static partial void Refused(ILogger logger, string identity, string host, int port, int returnCode);

    [LoggerMessage(306, LogLevel.Warning, "{Identity}: ignoring a message on unexpected topic {Topic}")]
    public static partial void UnexpectedTopic(ILogger logger, string identity, string topic);

    [LoggerMessage(307, LogLevel.Warning, "{Identity}: {Operation} answered {Status}; retrying in {Delay}")]
    public static partial void RequestRetry(ILogger logger, string identity, string operation, int status, TimeSpan delay);

    [LoggerMessage(308, LogLevel.Error, "{Identity}: method {MethodName} failed; answered {Status}")]
    public static partial void MethodFailed(ILogger logger, string identity, string methodName, int status, Exception exception);

    [LoggerMessage(309, LogLevel.Error, "{Identity}: input {InputName}: handler failed on message {MessageId}; continuing with the next message")]
    public static partial void InputHandlerFailed(ILogger logger, string identity, string inputName, string? messageId, Exception exception);

    [LoggerMessage(317, LogLevel.Information, "{Identity}: input {InputName}: message {MessageId} not taken ({Reason}); left unacknowledged for edgeHub to deliver again")]
    public static partial void InputNotTaken(ILogger logger, string identity, string inputName, string? messageId, string reason);

    [LoggerMessage(310, LogLevel.Error, "{Identity}: the desired-properties handler failed on version {Version}")]
    public static partial void DesiredHandlerFailed(ILogger logger, string identity, long version, Exception exception);

    [LoggerMessage(311, LogLevel.Warning, "{Identity}: ignoring a desired-properties patch that is not a JSON object: {Reason}")]
    public static partial void MalformedDesiredPatch(ILogger logger, string identity, string reason);

    [LoggerMessage(312, LogLevel.Warning, "{Identity}: messages arrive on input {InputName}, which has no handler; they are dropped")]
    public static partial void NoInputHandler(ILogger logger, string identity, string inputName);

    [LoggerMessage(313, LogLevel.Error, "{Identity}: could not fetch the twin after reconnecting; desired properties stay as they were")]
    public static partial void TwinRefreshFailed(ILogger logger, string identity, Exception exception);

    [LoggerMessage(314, LogLevel.Information, "{Identity}: desired properties version {Version} skipped a version; fetching the full twin")]
    public static partial void DesiredGap(ILogger logger, string identity, long version);

    [LoggerMessage(315, LogLevel.Error, "{Identity}: could not send the response of method {MethodName}")]
    public static partial void MethodResponseFailed(ILogger logger, string identity, string methodName, Exception exception);

    [LoggerMessage(316, LogLevel.Warning, "{Identity}: {Count} messages accepted for sending were not sent before the client closed")]
    public static partial void UnsentOnClose(ILogger logger, string identity, int count);
}

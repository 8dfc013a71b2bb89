using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.InProcess;

/// <summary>The in-process hub's log lines: one per state change, never one per message.</summary>
internal static partial class InProcessLog
{
    [LoggerMessage(101, LogLevel.Error, "Module {ModuleId} input {InputName}: handler failed on message {MessageId}; continuing with the next message")]
    public static partial void InputHandlerFailed(this ILogger logger, string moduleId, string inputName, string? messageId, Exception exception);

    [LoggerMessage(102, LogLevel.Warning, "Module {ModuleId} input {InputName} is full ({Capacity} messages); senders wait until it drains")]
    public static partial void InputFull(this ILogger logger, string moduleId, string inputName, int capacity);

    [LoggerMessage(103, LogLevel.Warning, "Route {RouteName} sends to module {ModuleId}, which is not part of this deployment; its messages are dropped and counted")]
    public static partial void UnknownModule(this ILogger logger, string routeName, string moduleId);

    [LoggerMessage(104, LogLevel.Information, "No route takes output {OutputName} of module {ModuleId}; its messages go nowhere")]
    public static partial void NoRoute(this ILogger logger, string moduleId, string outputName);

    [LoggerMessage(105, LogLevel.Warning, "Module {ModuleId} input {InputName} is closed; route {RouteName} drops its messages")]
    public static partial void InputClosed(this ILogger logger, string moduleId, string inputName, string routeName);

    [LoggerMessage(106, LogLevel.Warning, "Module {ModuleId} closed with {Count} messages that no handler took on input {InputName}")]
    public static partial void UndrainedInput(this ILogger logger, string moduleId, string inputName, int count);

    [LoggerMessage(107, LogLevel.Error, "Module {ModuleId}: method {MethodName} failed")]
    public static partial void MethodFailed(this ILogger logger, string moduleId, string methodName, Exception exception);

    [LoggerMessage(108, LogLevel.Error, "Module {ModuleId}: the desired-properties handler failed on version {Version}")]
    public static partial void DesiredHandlerFailed(this ILogger logger, string moduleId, long version, Exception exception);

    [LoggerMessage(109, LogLevel.Error, "An observer of routed messages failed on a message from module {ModuleId}")]
    public static partial void ObserverFailed(this ILogger logger, string moduleId, Exception exception);

    [LoggerMessage(110, LogLevel.Warning, "Module {ModuleId}: input handlers did not finish within {Timeout}; cancelling them")]
    public static partial void DrainTimedOut(this ILogger logger, string moduleId, TimeSpan timeout);

    [LoggerMessage(111, LogLevel.Information, "Module {ModuleId} opened on the in-process hub")]
    public static partial void Opened(this ILogger logger, string moduleId);
}

using System.Globalization;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Triggers;
using EdgeCam.EventRouter.Rules;
using EdgeCam.EventRouter.Triggers;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Commands;

/// <summary>
/// Carries out EventRouter's commands, whatever brought them: the <c>trigger</c> and <c>setMode</c> direct methods
/// (<see cref="CommandMethods"/>) and MQTT command topics, which hand over an already-parsed command (or a name and a
/// payload to <see cref="HandleAsync(string, string, string, CancellationToken)"/>) with their source (<c>mqtt</c>).
/// </summary>
public sealed partial class CommandHandler
{
    /// <summary>Source of a command that came as a direct method.</summary>
    public const string MethodSource = "method";

    /// <summary>Source of a command that came over MQTT.</summary>
    public const string MqttSource = "mqtt";

    private readonly TriggerSender _triggers;
    private readonly HouseMode _mode;
    private readonly Func<CancellationToken, Task> _reportMode;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="triggers">Sends the triggers.</param>
    /// <param name="mode">The house mode the set-mode command switches.</param>
    /// <param name="reportMode">Reports the mode in force (to the twin's reported properties) after a switch.</param>
    /// <param name="time">The clock a trigger is stamped with.</param>
    /// <param name="logger">Logs each command once.</param>
    public CommandHandler(TriggerSender triggers, HouseMode mode, Func<CancellationToken, Task> reportMode, TimeProvider time, ILogger logger)
    {
        _triggers = triggers;
        _mode = mode;
        _reportMode = reportMode;
        _time = time;
        _logger = logger;
    }

    /// <summary>Parses then handles a command; a payload that does not parse is a 400 naming what is wrong.</summary>
    public async Task<CommandResult> HandleAsync(string name, string payload, string source, CancellationToken cancellationToken)
    {
        var (command, problem) = CommandParser.Parse(name, payload);
        if (command is null)
        {
            LogRejected(name, source, problem!);
            return CommandResult.Error(400, problem!);
        }

        return await HandleAsync(command, source, cancellationToken);
    }

    /// <summary>Handles a parsed command from <paramref name="source"/> (<c>method</c>, <c>mqtt</c>).</summary>
    public async Task<CommandResult> HandleAsync(RouterCommand command, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        switch (command)
        {
            case TriggerCommand trigger:
                return await TriggerAsync(trigger, source, cancellationToken);
            case SetModeCommand setMode:
                var changed = _mode.Set(setMode.Mode, source);
                var (mode, modeSource) = _mode.State;
                LogModeSet(mode.ToString().ToLowerInvariant(), source, changed);
                await _reportMode(cancellationToken);
                return new CommandResult(200, new JsonObject { ["mode"] = mode.ToString().ToLowerInvariant(), ["modeSource"] = modeSource, ["changed"] = changed });
            default:
                return CommandResult.Error(400, $"command {command.GetType().Name} is not handled");
        }
    }

    private async Task<CommandResult> TriggerAsync(TriggerCommand command, string source, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // Without the sender's id, each command is a new trigger (a retried call records twice): the id is unique, and sortable by time.
        var triggerId = command.TriggerId ?? string.Create(CultureInfo.InvariantCulture, $"{source}-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid().ToString("N")[..8]}");
        var trigger = new RecordingTrigger(command.CameraId, triggerId, now, command.Seconds, source, command.Reason, command.PreRollSeconds);
        if (trigger.Problem() is { } problem)
        {
            LogRejected(CommandParser.Trigger, source, problem);
            return CommandResult.Error(400, problem);
        }

        await _triggers.SendAsync(trigger, cancellationToken);
        return new CommandResult(200, new JsonObject
        {
            ["cameraId"] = trigger.CameraId,
            ["triggerId"] = trigger.TriggerId,
            ["eventId"] = trigger.EventId,
            ["time"] = trigger.Time.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    [LoggerMessage(30, LogLevel.Warning, "Command {Name} from {Source} refused: {Problem}")]
    private partial void LogRejected(string name, string source, string problem);

    [LoggerMessage(31, LogLevel.Information, "House mode set to {Mode} by {Source} (changed: {Changed})")]
    private partial void LogModeSet(string mode, string source, bool changed);
}

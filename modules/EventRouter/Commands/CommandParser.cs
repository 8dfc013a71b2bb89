using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Commands;

/// <summary>
/// Parses a command's JSON payload by command name: <c>trigger</c> <c>{"cameraId", "seconds", "reason"?, "triggerId"?,
/// "preRollSeconds"?}</c> and <c>setMode</c> <c>{"mode": "home"|"away"}</c>. An unknown name, a wrong type, a value out
/// of range or an unknown property gives one line naming it.
/// </summary>
public static class CommandParser
{
    /// <summary>Name of the trigger command (and direct method).</summary>
    public const string Trigger = "trigger";

    /// <summary>Name of the set-mode command (and direct method).</summary>
    public const string SetMode = "setMode";

    /// <summary>The command, or null and the problem.</summary>
    public static (RouterCommand? Command, string? Problem) Parse(string name, string payload)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(string.IsNullOrWhiteSpace(payload) ? "{}" : payload) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return (null, $"the {name} payload must be a JSON object: {ex.Message}");
        }

        var reader = new SettingsReader(json);
        RouterCommand? command = name switch
        {
            Trigger => ReadTrigger(reader),
            SetMode => new SetModeCommand(reader.GetEnum("mode", HouseModeKind.Home)),
            _ => null,
        };
        if (command is null)
        {
            return (null, $"unknown command '{name}' (known: {Trigger}, {SetMode})");
        }

        if (name == SetMode && json["mode"] is null)
        {
            reader.AddError("mode", "is required (home or away)");
        }

        reader.RejectUnknownProperties();
        return reader.Errors.Count > 0 ? (null, string.Join("; ", reader.Errors)) : (command, null);
    }

    private static TriggerCommand ReadTrigger(SettingsReader reader)
    {
        var cameraId = reader.GetString("cameraId", string.Empty, allowEmpty: true);
        if (cameraId.Length == 0)
        {
            reader.AddError("cameraId", "is required");
        }

        if (reader.GetNode("seconds") is null)
        {
            reader.AddError("seconds", "is required (footage to keep after now)");
        }

        var seconds = reader.GetDouble("seconds", 1, 1, Contracts.Triggers.RecordingTrigger.MaxDurationSeconds);
        var reason = reader.GetString("reason", string.Empty, allowEmpty: true);
        var triggerId = reader.GetString("triggerId", string.Empty, allowEmpty: true);
        var preRoll = reader.GetOptionalDouble("preRollSeconds", 0, Contracts.Triggers.RecordingTrigger.MaxPreRollSeconds);
        return new TriggerCommand(cameraId, seconds, reason.Length > 0 ? reason : null, triggerId.Length > 0 ? triggerId : null, preRoll);
    }
}

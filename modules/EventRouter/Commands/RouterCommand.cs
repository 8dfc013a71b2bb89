using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Commands;

/// <summary>A command to EventRouter, already parsed (from a direct method's payload or an MQTT command message).</summary>
public abstract record RouterCommand;

/// <summary>Keep a clip of a camera from now − pre-roll to now + <paramref name="Seconds"/>.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Seconds">Footage after now (the clip's duration after the trigger).</param>
/// <param name="Reason">Free text (<c>doorbell</c>), named in the clip's clipReady; or null.</param>
/// <param name="TriggerId">The sender's deduplication key (a retried command records once); null: a new id.</param>
/// <param name="PreRollSeconds">Footage before now; null: SegmentRecorder's <c>preRollSeconds</c>.</param>
public sealed record TriggerCommand(string CameraId, double Seconds, string? Reason = null, string? TriggerId = null, double? PreRollSeconds = null) : RouterCommand;

/// <summary>Switch the house mode (home or away).</summary>
public sealed record SetModeCommand(HouseModeKind Mode) : RouterCommand;

/// <summary>The answer to a command: an HTTP-like status and a JSON object (the result, or <c>{"error": …}</c>).</summary>
public sealed record CommandResult(int Status, System.Text.Json.Nodes.JsonObject Body)
{
    public static CommandResult Error(int status, string error) => new(status, new System.Text.Json.Nodes.JsonObject { ["error"] = error });
}

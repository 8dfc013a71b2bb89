using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// The device twin's reported <c>firmware</c> object: <c>{ state, version, targetVersion, previousVersion, message, time }</c>.
/// <c>version</c> is the release running now, <c>targetVersion</c> the one the state is about (the desired one),
/// <c>previousVersion</c> the release <c>current</c> pointed at before its last switch.
/// </summary>
public sealed record FirmwareStatus(FirmwareState State, string Version, string? TargetVersion, string? PreviousVersion, string Message)
{
    /// <summary>The reported patch <c>{"firmware": {...}}</c>, stamped with <paramref name="time"/>.</summary>
    public JsonObject ToReportedPatch(DateTimeOffset time) => new()
    {
        [FirmwareSettings.SectionName] = new JsonObject
        {
            ["state"] = StateName(State),
            ["version"] = Version,
            ["targetVersion"] = TargetVersion,
            ["previousVersion"] = PreviousVersion,
            ["message"] = Message,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        },
    };

    /// <summary>The state as the twin shows it (camelCase, for example <c>rolledBack</c>).</summary>
    public static string StateName(FirmwareState state)
    {
        var name = state.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

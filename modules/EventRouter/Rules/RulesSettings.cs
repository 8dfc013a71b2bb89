using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.Rules;

/// <summary>The <c>rules</c> section of EventRouter's desired properties: the house mode, the schedules' time zone, per-camera rules.</summary>
/// <param name="Mode">Home or away (<c>rules.mode</c>); a direct method or an MQTT command can switch it too (<see cref="HouseMode"/>).</param>
/// <param name="TimeZone">The time zone schedules are written in (<c>rules.timeZone</c>, an IANA id such as <c>Europe/Berlin</c>).</param>
/// <param name="Cameras">Rules by camera id (<c>rules.cameras</c>); a camera not named has <see cref="CameraRules.Default"/>.</param>
public sealed record RulesSettings(HouseModeKind Mode, TimeZoneInfo TimeZone, IReadOnlyDictionary<string, CameraRules> Cameras)
{
    /// <summary>The default time zone id.</summary>
    public const string DefaultTimeZoneId = "UTC";

    /// <summary>The rules with nothing configured: home, UTC, every camera armed and alerting on every zone.</summary>
    public static RulesSettings Default { get; } = new(HouseModeKind.Home, TimeZoneInfo.Utc, new Dictionary<string, CameraRules>(StringComparer.Ordinal));

    /// <summary>The rules of <paramref name="cameraId"/>.</summary>
    public CameraRules For(string cameraId) => Cameras.TryGetValue(cameraId, out var rules) ? rules : CameraRules.Default;

    /// <summary>Reads the section through <paramref name="rules"/> (from <c>reader.GetSection("rules")</c>).</summary>
    public static RulesSettings Read(SettingsReader rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var mode = rules.GetEnum("mode", Default.Mode);
        var zoneId = rules.GetString("timeZone", DefaultTimeZoneId);
        var zone = TimeZoneInfo.Utc;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found))
        {
            rules.AddError("timeZone", $"'{zoneId}' is not a time zone id known here (an IANA id such as Europe/Berlin)");
        }
        else
        {
            zone = found;
        }

        var cameras = new Dictionary<string, CameraRules>(StringComparer.Ordinal);
        foreach (var (cameraId, node) in rules.GetObject("cameras") ?? [])
        {
            if (node is null)
            {
                continue; // a twin patch removes a camera's rules by setting it to null
            }

            if (node is not JsonObject camera)
            {
                rules.AddError($"cameras.{cameraId}", $"must be an object of rules, got {node.ToJsonString()}");
                continue;
            }

            cameras[cameraId] = CameraRules.Read(rules, cameraId, camera);
        }

        // No camera rules: the default's (empty) map, so that settings without rules equal the defaults.
        return new RulesSettings(mode, zone, cameras.Count == 0 ? Default.Cameras : cameras);
    }
}

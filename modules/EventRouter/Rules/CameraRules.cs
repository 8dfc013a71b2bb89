using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Triggers;
using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.Rules;

/// <summary>
/// The rules of one camera (<c>rules.cameras.&lt;cameraId&gt;</c>): how it is armed at home and away, its schedule,
/// its zones that only record, and the cameras its motion makes record.
/// </summary>
/// <param name="Home">Arming in home mode (<c>home</c>: armed, disarmed, schedule).</param>
/// <param name="Away">Arming in away mode (<c>away</c>).</param>
/// <param name="Schedule">Windows of <see cref="Arming.Schedule"/> (<c>schedule</c>, e.g. <c>["mon-fri 22:00-06:30"]</c>).</param>
/// <param name="RecordOnlyZones">Zones whose motion is recorded but does not alert (<c>recordOnlyZones</c>): motion touching only these.</param>
/// <param name="RecordCameras">Cameras that keep a clip when this one's motion starts (<c>recordCameras</c>).</param>
/// <param name="RecordZones">Only motion touching one of these zones fires <see cref="RecordCameras"/> (<c>recordZones</c>; empty: any motion).</param>
/// <param name="RecordSeconds">Footage the recording rule keeps after the motion start (<c>recordSeconds</c>).</param>
public sealed record CameraRules(
    Arming Home,
    Arming Away,
    WeeklySchedule Schedule,
    IReadOnlyList<string> RecordOnlyZones,
    IReadOnlyList<string> RecordCameras,
    IReadOnlyList<string> RecordZones,
    double RecordSeconds)
{
    /// <summary>A camera without rules: armed in both modes, every zone alerts, records no other camera.</summary>
    public static CameraRules Default { get; } = new(Arming.Armed, Arming.Armed, WeeklySchedule.Empty, [], [], [], 30);

    /// <summary>The arming in force in <paramref name="mode"/>.</summary>
    public Arming ArmingIn(HouseModeKind mode) => mode == HouseModeKind.Away ? Away : Home;

    /// <summary>Reads one camera's object; errors go to <paramref name="rules"/> under <c>cameras.&lt;id&gt;.&lt;name&gt;</c>.</summary>
    public static CameraRules Read(SettingsReader rules, string cameraId, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(json);
        var prefix = $"cameras.{cameraId}.";
        var reader = new SettingsReader(json);
        var d = Default;
        var home = reader.GetEnum("home", d.Home);
        var away = reader.GetEnum("away", d.Away);
        var scheduleText = Strings(reader, "schedule");
        var recordOnly = Strings(reader, "recordOnlyZones");
        var recordCameras = Strings(reader, "recordCameras");
        var recordZones = Strings(reader, "recordZones");
        var seconds = reader.GetDouble("recordSeconds", d.RecordSeconds, 1, RecordingTrigger.MaxDurationSeconds);
        reader.RejectUnknownProperties();
        foreach (var error in reader.Errors)
        {
            rules.AddError(prefix + error.Path, error.Reason);
        }

        var (schedule, problem) = WeeklySchedule.Parse(scheduleText);
        if (schedule is null)
        {
            rules.AddError(prefix + "schedule", problem!);
        }
        else if (schedule.Count == 0 && (home == Arming.Schedule || away == Arming.Schedule))
        {
            rules.AddError(prefix + "schedule", "is empty, but the camera is armed on its schedule (home or away is 'schedule')");
        }

        if (recordCameras.Contains(cameraId, StringComparer.Ordinal))
        {
            rules.AddError(prefix + "recordCameras", $"names the camera itself ('{cameraId}' records its own motion already)");
        }

        return new CameraRules(home, away, schedule ?? WeeklySchedule.Empty, recordOnly, recordCameras, recordZones, seconds);
    }

    // A list of non-empty strings, or an error naming the property.
    private static List<string> Strings(SettingsReader reader, string name)
    {
        var node = reader.GetNode(name);
        if (node is null)
        {
            return [];
        }

        if (node is JsonArray array && array.All(n => n?.GetValueKind() == JsonValueKind.String && n.GetValue<string>().Length > 0))
        {
            return [.. array.Select(n => n!.GetValue<string>())];
        }

        reader.AddError(name, $"must be a list of non-empty strings, got {Cut(node.ToJsonString())}");
        return [];
    }

    private static string Cut(string json) => json.Length <= SettingsReader.MaxEchoedValueLength ? json : json[..SettingsReader.MaxEchoedValueLength] + "…";
}

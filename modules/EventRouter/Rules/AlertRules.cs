using System.Globalization;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.EventRouter.Rules;

/// <summary>
/// Decides whether a motion start alerts: alerts enabled, the score at least <c>minScore</c>, the camera armed (its
/// arming in the house mode in force, a schedule read in the rules' time zone), and the motion not only in zones that
/// only record. Pure: the time and the mode are passed in.
/// </summary>
public static class AlertRules
{
    /// <summary>Null when <paramref name="started"/> alerts, else why not (for the log).</summary>
    /// <param name="started">The motion start.</param>
    /// <param name="alertsEnabled">EventRouter's <c>alertsEnabled</c>.</param>
    /// <param name="minScore">EventRouter's <c>minScore</c>.</param>
    /// <param name="rules">EventRouter's <c>rules</c>.</param>
    /// <param name="mode">The house mode in force.</param>
    /// <param name="now">The time now (for schedules).</param>
    public static string? WhyNot(MotionStarted started, bool alertsEnabled, double minScore, RulesSettings rules, HouseModeKind mode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(rules);
        if (!alertsEnabled)
        {
            return "alerts disabled";
        }

        if (started.Score < minScore)
        {
            return string.Create(CultureInfo.InvariantCulture, $"score {started.Score:0.####} below minScore {minScore}");
        }

        var camera = rules.For(started.CameraId);
        if (!IsArmed(camera, mode, rules.TimeZone, now))
        {
            return $"camera disarmed ({mode.ToString().ToLowerInvariant()} mode: {camera.ArmingIn(mode).ToString().ToLowerInvariant()})";
        }

        if (started.Zones.Count > 0 && camera.RecordOnlyZones.Count > 0 && started.Zones.All(z => camera.RecordOnlyZones.Contains(z, StringComparer.Ordinal)))
        {
            return $"motion only in record-only zones ({string.Join(", ", started.Zones)})";
        }

        return null;
    }

    /// <summary>True when <paramref name="camera"/> is armed in <paramref name="mode"/> at <paramref name="now"/>.</summary>
    public static bool IsArmed(CameraRules camera, HouseModeKind mode, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(timeZone);
        return camera.ArmingIn(mode) switch
        {
            Arming.Armed => true,
            Arming.Disarmed => false,
            _ => camera.Schedule.IsActive(TimeZoneInfo.ConvertTime(now, timeZone).DateTime),
        };
    }
}

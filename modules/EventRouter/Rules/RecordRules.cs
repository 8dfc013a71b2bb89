using System.Security.Cryptography;
using System.Text;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Triggers;

namespace EdgeCam.EventRouter.Rules;

/// <summary>
/// The triggers a motion start fires by rule: for each camera in the moving camera's <c>recordCameras</c> (when the
/// motion touched one of its <c>recordZones</c>, or any motion without them), a trigger at the motion start for
/// <c>recordSeconds</c>. Recording rules do not depend on arming: a disarmed camera still records (alerting is what
/// arming gates). The trigger id derives from the event and the target, so a redelivered motion start records once.
/// </summary>
public static class RecordRules
{
    /// <summary>Source of a trigger fired by a rule.</summary>
    public const string Source = "rule";

    /// <summary>The triggers <paramref name="started"/> fires under <paramref name="rules"/>.</summary>
    public static IReadOnlyList<RecordingTrigger> For(MotionStarted started, RulesSettings rules)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(rules);
        var camera = rules.For(started.CameraId);
        if (camera.RecordCameras.Count == 0
            || (camera.RecordZones.Count > 0 && !started.Zones.Any(z => camera.RecordZones.Contains(z, StringComparer.Ordinal))))
        {
            return [];
        }

        var zones = started.Zones.Count > 0 ? $" in {string.Join(", ", started.Zones)}" : string.Empty;
        return [.. camera.RecordCameras.Select(target => new RecordingTrigger(
            target,
            TriggerId(started.EventId, target),
            started.Start,
            camera.RecordSeconds,
            Source,
            $"motion on {started.CameraId}{zones}"))];
    }

    // rule-<event>-<target>, or a digest of both when that is not a valid trigger id (too long, or odd characters).
    private static string TriggerId(string eventId, string target)
    {
        var plain = $"rule-{eventId}-{target}";
        var probe = new RecordingTrigger(target, plain, DateTimeOffset.UnixEpoch, 1, Source);
        if (probe.Problem() is null)
        {
            return plain;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}\n{target}")));
        return $"rule-{digest[..32]}";
    }
}

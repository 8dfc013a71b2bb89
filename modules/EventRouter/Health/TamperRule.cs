using System.Globalization;
using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// CameraCapture confirms tampering itself (covered, moved, defocused; IR switches and light changes already told
/// apart) and reports each confirmed change: the first non-clear state opens one episode (alert kind <c>lensCovered</c>,
/// <c>viewMoved</c> or <c>defocused</c>), a change between tamper kinds within it sends nothing, and <c>clear</c> sends
/// <c>tamperCleared</c> once.
/// </summary>
public sealed class TamperRule(HealthContext context)
{
    /// <summary>Alert kinds by tamper state.</summary>
    public const string CoveredKind = "lensCovered";
    public const string MovedKind = "viewMoved";
    public const string DefocusedKind = "defocused";

    /// <summary>Takes one <c>tamperHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(TamperHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var camera = health.CameraId;
        var now = context.Time.GetUtcNow();
        if (health.State == TamperState.Clear)
        {
            context.Emit(context.Episodes.Recover(camera, HealthCondition.Tamper, now, since =>
                string.Create(CultureInfo.InvariantCulture, $"Camera {camera} sees its usual view again (tampered since {since:HH:mm:ss}Z)")));
            return;
        }

        var (kind, what) = health.State switch
        {
            TamperState.Covered => (CoveredKind, string.Create(CultureInfo.InvariantCulture, $"lens covered (picture uniform, spread {health.Spread:0.0} levels)")),
            TamperState.Moved => (MovedKind, string.Create(CultureInfo.InvariantCulture, $"view moved (layout similarity {health.Similarity:0.00} to the learned view)")),
            _ => (DefocusedKind, string.Create(CultureInfo.InvariantCulture, $"defocused (sharpness {health.Sharpness * 100:0}% of the learned view)")),
        };
        context.Emit(context.Episodes.Raise(camera, HealthCondition.Tamper, now, $"Camera {camera} tampered: {what}", kind));
    }
}

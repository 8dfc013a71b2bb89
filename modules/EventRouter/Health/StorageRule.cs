using EdgeCam.Contracts.Health;
using EdgeCam.EventRouter.Alerts;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// SegmentRecorder's <c>storageHealth</c>: <see cref="StorageState.BelowFloor"/> opens a <c>storageLow</c> episode and
/// <see cref="StorageState.Ok"/> closes it with <c>storageRecovered</c>; repeats (a redelivery, a recorder restart that
/// reports its state again) send nothing.
/// </summary>
public sealed class StorageRule(HealthContext context)
{
    /// <summary>Takes one <c>storageHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(StorageHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var text = AlertComposer.StorageText(health);
        context.Emit(health.State == StorageState.BelowFloor
            ? context.Episodes.Raise(health.Volume, HealthCondition.StorageLow, health.Time, text)
            : context.Episodes.Recover(health.Volume, HealthCondition.StorageLow, health.Time, _ => text));
    }
}

using EdgeCam.Contracts.Alerts;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// What every health rule shares: the episodes, the clock, the settings in force, and where alerts go. Rules run under
/// <see cref="Gate"/>: message handlers and timers alike take it, so episodes and timers never race.
/// </summary>
public sealed class HealthContext(TimeProvider time, Func<HealthSettings> settings, Action<Alert> emit)
{
    public HealthEpisodes Episodes { get; } = new();

    public Lock Gate { get; } = new();

    public TimeProvider Time => time;

    public HealthSettings Settings => settings();

    /// <summary>Hands an alert (or recovery) to the send loop; null is ignored (nothing changed).</summary>
    public void Emit(Alert? alert)
    {
        if (alert is not null)
        {
            emit(alert);
        }
    }
}

using System.Globalization;
using EdgeCam.Contracts.Health;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// The agent's upstream outbox: <see cref="OutboxHealth.Dropping"/> opens an <c>outboxDropping</c> episode, its end sends
/// <c>outboxRecovered</c> with how many messages were lost. Both travel through the outbox itself once the link is back
/// (the oldest messages are the ones dropped, so these newest ones survive), and into the local alert log at once.
/// </summary>
public sealed class OutboxRule(HealthContext context)
{
    /// <summary>Takes one <c>outboxHealth</c>; call under <see cref="HealthContext.Gate"/>.</summary>
    public void Observe(OutboxHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (health.Dropping)
        {
            context.Emit(context.Episodes.Raise(health.Agent, HealthCondition.OutboxDropping, health.Time, string.Create(CultureInfo.InvariantCulture,
                $"The upstream outbox is full ({health.PendingCount} messages waiting): the oldest messages are being dropped until the cloud link takes them again")));
            return;
        }

        context.Emit(context.Episodes.Recover(health.Agent, HealthCondition.OutboxDropping, health.Time, since => string.Create(CultureInfo.InvariantCulture,
            $"The upstream outbox has room again (dropping since {since:yyyy-MM-dd HH:mm:ss}Z); {health.DroppedCount} messages dropped since the agent started")));
    }
}

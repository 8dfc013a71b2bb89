namespace EdgeCam.Contracts.Health;

/// <summary>
/// Sent by the agent (module id <c>Agent</c>, output <c>health</c>, routed to EventRouter's <c>health</c> input by the
/// agent itself) when its upstream outbox starts dropping messages because it is full (<see cref="Dropping"/> true),
/// and when it has room again (false, the recovery). IoT Edge has no such outbox: edgeHub's store-and-forward keeps
/// messages for the route's time to live instead.
/// </summary>
/// <param name="Agent">Who reports: the agent's module id for it (<c>Agent</c>).</param>
/// <param name="Dropping">True from the first message dropped until the outbox is below half its limit again.</param>
/// <param name="DroppedCount">Messages dropped since the agent started.</param>
/// <param name="PendingCount">Messages waiting in the outbox.</param>
/// <param name="Time">When the state changed.</param>
public sealed record OutboxHealth(string Agent, bool Dropping, long DroppedCount, int PendingCount, DateTimeOffset Time)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

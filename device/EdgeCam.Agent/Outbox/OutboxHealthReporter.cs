using System.Threading.Channels;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Agent.Outbox;

/// <summary>
/// Tells EventRouter when the upstream outbox starts and stops dropping messages: each
/// <see cref="Outbox.DroppingChanged"/> becomes one <see cref="OutboxHealth"/>, sent as module <see cref="ModuleId"/> on
/// output <c>health</c>, which the agent host (Hosting/AgentHost) routes to every EventRouter's <c>health</c> input. The
/// alert then goes the way of every alert: the local log at once, the outbox (its newest message) to IoT Hub.
/// </summary>
public sealed class OutboxHealthReporter(Outbox outbox, InProcessHub hub, TimeProvider timeProvider) : BackgroundService
{
    /// <summary>The module id the agent's own health messages come from.</summary>
    public const string ModuleId = "Agent";

    /// <summary>The output they go on.</summary>
    public const string HealthOutput = "health";

    // Changes are at least a drain of half the outbox apart; the bound only guards a stalled router (latest wins).
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Subscribes within the host's start (since .NET 10 ExecuteAsync runs on its own task), so no change is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        outbox.DroppingChanged += OnDroppingChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        outbox.DroppingChanged -= OnDroppingChanged;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = await hub.CreateAsync(ModuleId, stoppingToken);
        await client.OpenAsync(stoppingToken);
        await foreach (var dropping in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            var health = new OutboxHealth(ModuleId, dropping, outbox.DroppedCount, outbox.Count, timeProvider.GetUtcNow());
            var message = ContractMessage.Create(health, ContractsJsonContext.Default.OutboxHealth, MessageTypes.OutboxHealth, ModuleId, Guid.NewGuid().ToString("N"));
            await client.SendAsync(HealthOutput, message, stoppingToken);
        }
    }

    private void OnDroppingChanged(object? sender, bool dropping) => _changes.Writer.TryWrite(dropping);
}

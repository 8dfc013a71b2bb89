using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeCam.EventRouter.Tests.Health;

namespace EdgeCam.EventRouter.Tests;

/// <summary>
/// A real EventRouterModule on a TestHub with a camera module 'cam1' whose outputs are routed to it (motion, health,
/// nightVision, uploaded), its alerts to $upstream and its triggers to a SegmentRecorder input (seen in
/// <c>Hub.Routed</c>); real time (the sinks retry over real sockets).
/// </summary>
internal sealed class RouterRig : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 20, 15, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private Task _module = Task.CompletedTask;

    private RouterRig(TestHub hub)
    {
        Hub = hub;
    }

    public TestHub Hub { get; }

    public IModuleClient Camera { get; private set; } = null!;

    /// <summary>Alerts that reached $upstream (the IoT Hub sink).</summary>
    public IReadOnlyList<Alert> UpstreamAlerts => [.. Hub.Upstream.Select(u => u.Message.Read(ContractsJsonContext.Default.Alert))];

    public static async Task<RouterRig> StartAsync(JsonObject desired, EventRouterEnvironment environment, ILoggerFactory? loggers = null)
    {
        var hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["motion"] = "FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                ["health"] = "FROM /messages/modules/cam1/outputs/health INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/health\")",
                ["nightVision"] = "FROM /messages/modules/cam1/outputs/nightVision INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/nightVision\")",
                ["uploaded"] = "FROM /messages/modules/cam1/outputs/uploaded INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/uploaded\")",
                ["up"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
                ["triggersToRecorder"] = "FROM /messages/modules/EventRouter/outputs/trigger INTO BrokeredEndpoint(\"/modules/SegmentRecorder/inputs/trigger\")",
            },
            new Dictionary<string, JsonObject> { ["EventRouter"] = desired },
            TimeProvider.System);
        var rig = new RouterRig(hub);
        rig.Camera = await hub.ClientAsync("cam1");
        await rig.Camera.OpenAsync(CancellationToken.None);
        var client = await hub.ClientAsync("EventRouter");
        var module = new EventRouterModule(TimeProvider.System, NullLogger<EventRouterModule>.Instance, loggers ?? NullLoggerFactory.Instance, environment, new FakeClockStatus(synchronised: true));
        rig._module = module.RunAsync(client, rig._stop.Token);
        var reported = await hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"] is not null, Wait);
        if (reported["lastDesiredStatus"]!["code"]!.GetValue<int>() != 200)
        {
            throw new InvalidOperationException("the rig's desired properties were refused: " + reported.ToJsonString());
        }

        return rig;
    }

    public Task SendAsync<T>(string output, T body, JsonTypeInfo<T> type, string messageType) =>
        Camera.SendAsync(output, ContractMessage.Create(body, type, messageType, "cam1"), CancellationToken.None);

    public Task MotionStartedAsync(string eventId, IReadOnlyList<string>? zones = null, string? snapshotPath = null) => SendAsync(
        "motion",
        new MotionStarted("cam1", eventId, T0, 0.2, [], snapshotPath) { Zones = zones ?? [] },
        ContractsJsonContext.Default.MotionStarted,
        MessageTypes.MotionStarted);

    public Task MotionEndedAsync(string eventId) => SendAsync(
        "motion",
        new MotionEnded("cam1", eventId, T0, T0.AddSeconds(6), 0.3, 12),
        ContractsJsonContext.Default.MotionEnded,
        MessageTypes.MotionEnded);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _module;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        await Hub.DisposeAsync();
        _stop.Dispose();
    }
}

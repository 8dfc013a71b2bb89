using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter.Commands;
using EdgeCam.EventRouter.Rules;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeCam.EventRouter.Tests.Health;

namespace EdgeCam.EventRouter.Tests.Commands;

/// <summary>EventRouter's commands, handed over parsed (as an MQTT command topic does) and through its direct methods.</summary>
public sealed class CommandHandlerTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private readonly ManualTimeProvider _clock = new(T0);
    private TestHub _hub = null!;
    private IModuleClient _camera = null!;
    private EventRouterModule _router = null!;
    private Task _module = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["motion"] = "FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                ["alerts"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
                ["triggers"] = "FROM /messages/modules/EventRouter/outputs/trigger INTO $upstream",
            },
            new Dictionary<string, JsonObject>
            {
                ["EventRouter"] = JsonNode.Parse("""{"rules":{"cameras":{"cam1":{"home":"disarmed","away":"armed"}}}}""")!.AsObject(),
            },
            _clock);
        _camera = await _hub.ClientAsync("cam1");
        await _camera.OpenAsync(CancellationToken.None);
        _router = new EventRouterModule(_clock, NullLogger<EventRouterModule>.Instance, new FakeClockStatus(synchronised: true));
        var client = await _hub.ClientAsync("EventRouter");
        _module = _router.RunAsync(client, _stop.Token);
        await _hub.WaitForReportedAsync("EventRouter", r => r["rules"]?["mode"] is not null, Wait);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _module);
        await _hub.DisposeAsync();
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task TriggerMethod_CameraAndSeconds_SendsARecordingTriggerStampedNow()
    {
        var response = await _hub.Hub.InvokeMethodAsync("EventRouter", "trigger", """{"cameraId":"cam1","seconds":15,"reason":"doorbell"}""", CancellationToken.None);

        Assert.Equal(200, response.Status);
        var answer = JsonNode.Parse(response.PayloadText)!;
        var routed = await _hub.WaitForAsync(r => r.OutputName == "trigger", Wait);
        Assert.Equal(MessageTypes.RecordingTrigger, routed.Message.MessageType());
        var trigger = routed.Message.Read(ContractsJsonContext.Default.RecordingTrigger);
        Assert.Equal(("cam1", T0, 15.0, "method", "doorbell", (double?)null), (trigger.CameraId, trigger.Time, trigger.DurationSeconds, trigger.Source, trigger.Reason, trigger.PreRollSeconds));
        Assert.Equal((string?)answer["triggerId"], trigger.TriggerId);
        Assert.Equal("trigger-" + trigger.TriggerId, (string?)answer["eventId"]);
        Assert.Null(trigger.Problem());
    }

    [Fact]
    public async Task TriggerMethod_BadPayload_Answers400NamingTheFieldAndSendsNothing()
    {
        var response = await _hub.Hub.InvokeMethodAsync("EventRouter", "trigger", """{"cameraId":"cam1","seconds":-3}""", CancellationToken.None);

        Assert.Equal(400, response.Status);
        Assert.Contains("seconds must be", (string?)JsonNode.Parse(response.PayloadText)!["error"], StringComparison.Ordinal);
        await _hub.DrainAsync();
        Assert.DoesNotContain(_hub.Routed, r => r.OutputName == "trigger");
    }

    [Fact]
    public async Task HandleAsync_ParsedTriggerFromMqtt_SendsItWithTheSendersIdAndPreRoll()
    {
        var result = await _router.Commands!.HandleAsync(new TriggerCommand("porch", 30, "alarm panel", "panel-7", PreRollSeconds: 12), CommandHandler.MqttSource, CancellationToken.None);

        Assert.Equal(200, result.Status);
        var trigger = (await _hub.WaitForAsync(r => r.OutputName == "trigger", Wait)).Message.Read(ContractsJsonContext.Default.RecordingTrigger);
        Assert.Equal(new RecordingTrigger("porch", "panel-7", T0, 30, "mqtt", "alarm panel", 12), trigger);
    }

    [Fact]
    public async Task HandleAsync_TriggerIdNotUsableAsAFileName_Answers400()
    {
        var result = await _router.Commands!.HandleAsync(new TriggerCommand("cam1", 30, TriggerId: "../etc"), CommandHandler.MqttSource, CancellationToken.None);

        Assert.Equal(400, result.Status);
        Assert.Contains("triggerId '../etc'", (string?)result.Body["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetModeMethod_Away_ArmsTheCameraDisarmedAtHomeAndReportsIt()
    {
        await SendMotionStartedAsync("evt-home");
        await Eventually.TrueAsync(() => _hub.Routed.Count(r => r.FromModuleId == "cam1") == 1, "the motion start was routed", 10_000);

        var response = await _hub.Hub.InvokeMethodAsync("EventRouter", "setMode", """{"mode":"away"}""", CancellationToken.None);
        await SendMotionStartedAsync("evt-away");
        var alert = (await _hub.WaitForAsync(r => r.OutputName == "alerts", Wait)).Message.Read(ContractsJsonContext.Default.Alert);

        Assert.Equal(200, response.Status);
        Assert.Equal("evt-away", alert.EventId);
        Assert.Single(_hub.Routed, r => r.OutputName == "alerts");
        var reported = _hub.Hub.GetReportedProperties("EventRouter")["rules"]!;
        Assert.Equal(("away", "method"), ((string?)reported["mode"], (string?)reported["modeSource"]));
    }

    [Fact]
    public async Task HandleAsync_SetModeFromMqtt_SwitchesTheModeInForce()
    {
        var result = await _router.Commands!.HandleAsync(new SetModeCommand(HouseModeKind.Away), CommandHandler.MqttSource, CancellationToken.None);

        Assert.Equal((200, "away", "mqtt"), (result.Status, (string?)result.Body["mode"], (string?)result.Body["modeSource"]));
        await SendMotionStartedAsync("evt-1");
        await _hub.WaitForAsync(r => r.OutputName == "alerts", Wait);
    }

    private Task SendMotionStartedAsync(string eventId) => _camera.SendAsync(
        "motion",
        ContractMessage.Create(new MotionStarted("cam1", eventId, T0, 0.2, []), ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, "cam1"),
        CancellationToken.None);
}

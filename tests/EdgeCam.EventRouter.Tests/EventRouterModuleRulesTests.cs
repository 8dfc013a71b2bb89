using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeCam.EventRouter.Tests.Health;

namespace EdgeCam.EventRouter.Tests;

/// <summary>EventRouter's rules in the running module: twin changes apply live, schedules follow the module's clock.</summary>
public sealed class EventRouterModuleRulesTests : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private TestHub _hub = null!;
    private IModuleClient _camera = null!;
    private Task _module = Task.CompletedTask;
    private int _events;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _module);
        await _hub.DisposeAsync();
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task DesiredPatch_HomeToAwayAndBack_AppliesLiveToTheNextMotion()
    {
        await StartAsync("""{"rules":{"mode":"home","cameras":{"cam1":{"home":"disarmed"}}}}""", new ManualTimeProvider());

        Assert.False(await AlertsAsync());
        await PatchAsync("""{"rules":{"mode":"away"}}""", version: 2);
        Assert.True(await AlertsAsync());
        await PatchAsync("""{"rules":{"mode":"home"}}""", version: 3);
        Assert.False(await AlertsAsync());

        var reported = _hub.Hub.GetReportedProperties("EventRouter")["rules"]!;
        Assert.Equal(("home", "twin"), ((string?)reported["mode"], (string?)reported["modeSource"]));
    }

    [Fact]
    public async Task DesiredPatch_InvalidTimeZone_Reports400AndKeepsTheRulesInForce()
    {
        await StartAsync("""{"rules":{"mode":"home","cameras":{"cam1":{"home":"disarmed"}}}}""", new ManualTimeProvider());

        await _hub.Hub.UpdateDesiredPropertiesAsync("EventRouter", JsonNode.Parse("""{"rules":{"mode":"away","timeZone":"Europe/Atlantis"}}""")!.AsObject(), CancellationToken.None);
        var status = (await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"]?["code"]?.GetValue<int>() == 400, Wait))["lastDesiredStatus"]!;

        Assert.Contains("rules.timeZone 'Europe/Atlantis'", (string?)status["description"], StringComparison.Ordinal);
        Assert.False(await AlertsAsync()); // still home: the invalid patch changed nothing, its valid mode included
    }

    [Fact]
    public async Task MotionStarted_ScheduleInTheRulesTimeZone_ArmedOnlyWhileTheClockIsInTheWindow()
    {
        // 21:30 UTC on Friday 2026-11-27 is 22:30 in Berlin (CET, UTC+1): inside "mon-fri 22:00-06:30".
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 27, 21, 30, 0, TimeSpan.Zero));
        await StartAsync("""{"rules":{"timeZone":"Europe/Berlin","cameras":{"cam1":{"home":"schedule","schedule":["mon-fri 22:00-06:30"]}}}}""", clock);

        Assert.True(await AlertsAsync());
        clock.Advance(TimeSpan.FromHours(7.5)); // 06:00 Saturday in Berlin: Friday's window runs past midnight
        Assert.True(await AlertsAsync());
        clock.Advance(TimeSpan.FromHours(1)); // 07:00: closed
        Assert.False(await AlertsAsync());
    }

    [Fact]
    public async Task MotionStarted_RecordRule_SendsATriggerForTheOtherCameraEvenWhenDisarmed()
    {
        await StartAsync("""{"rules":{"cameras":{"cam1":{"home":"disarmed","recordCameras":["garage"],"recordSeconds":12}}}}""", new ManualTimeProvider());

        Assert.False(await AlertsAsync());
        var trigger = (await _hub.WaitForAsync(r => r.OutputName == "trigger", Wait)).Message.Read(ContractsJsonContext.Default.RecordingTrigger);

        Assert.Equal(("garage", "rule-evt-1-garage", 12.0, "rule"), (trigger.CameraId, trigger.TriggerId, trigger.DurationSeconds, trigger.Source));
    }

    private async Task StartAsync(string desired, ManualTimeProvider clock)
    {
        _hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["motion"] = "FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                ["alerts"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
                ["triggers"] = "FROM /messages/modules/EventRouter/outputs/trigger INTO $upstream",
            },
            new Dictionary<string, JsonObject> { ["EventRouter"] = JsonNode.Parse(desired)!.AsObject() },
            clock);
        _camera = await _hub.ClientAsync("cam1");
        await _camera.OpenAsync(CancellationToken.None);
        var client = await _hub.ClientAsync("EventRouter");
        _module = new EventRouterModule(clock, NullLogger<EventRouterModule>.Instance, new FakeClockStatus(synchronised: true)).RunAsync(client, _stop.Token);
        await _hub.WaitForReportedAsync("EventRouter", r => r["rules"]?["mode"] is not null, Wait);
    }

    private async Task PatchAsync(string patch, long version)
    {
        await _hub.Hub.UpdateDesiredPropertiesAsync("EventRouter", JsonNode.Parse(patch)!.AsObject(), CancellationToken.None);
        await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"]?["version"]?.GetValue<long>() == version, Wait);
    }

    // Sends a new motion start and tells whether it alerted. The send returns once EventRouter's handler ran (the
    // in-process hub waits for the module's acknowledgement), so any alert it made is routed by then.
    private async Task<bool> AlertsAsync()
    {
        var eventId = $"evt-{++_events}";
        var before = _hub.Routed.Count(r => r.OutputName == "alerts");
        await _camera.SendAsync(
            "motion",
            ContractMessage.Create(new MotionStarted("cam1", eventId, DateTimeOffset.UnixEpoch, 0.2, []), ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, "cam1"),
            CancellationToken.None);
        return _hub.Routed.Count(r => r.OutputName == "alerts") > before;
    }
}

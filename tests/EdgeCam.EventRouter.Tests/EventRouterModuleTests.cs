using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter.Alerts;
using EdgeCam.EventRouter.Tests.Health;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.EventRouter.Tests;

public sealed class EventRouterModuleTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private TestHub _hub = null!;
    private IModuleClient _camera = null!;
    private Task _module = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["motion"] = "FROM /messages/modules/cam1/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                ["health"] = "FROM /messages/modules/cam1/outputs/health INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/health\")",
                ["up"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
            },
            new Dictionary<string, JsonObject> { ["EventRouter"] = new() { ["maxAlertsPerMinute"] = 2 } },
            new ManualTimeProvider());
        _camera = await _hub.ClientAsync("cam1");
        await _camera.OpenAsync(CancellationToken.None);
        var client = await _hub.ClientAsync("EventRouter");
        _module = new EventRouterModule(new ManualTimeProvider(), NullLogger<EventRouterModule>.Instance, new FakeClockStatus(synchronised: true)).RunAsync(client, _stop.Token);
        await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"] is not null, Wait);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _module);
        await _hub.DisposeAsync();
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task MotionStarted_NewEvent_SendsOneAlertUpstreamWithAlertIdAsMessageId()
    {
        await SendMotionStartedAsync("evt-1");

        var routed = await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter", Wait);
        var alert = routed.Message.Read(ContractsJsonContext.Default.Alert);

        Assert.Equal("evt-1", alert.EventId);
        Assert.Equal(alert.AlertId, routed.Message.MessageId);
        Assert.Equal(MessageTypes.Alert, routed.Message.MessageType());
        Assert.Single(_hub.Upstream);
    }

    [Fact]
    public async Task MotionStarted_RedeliveredEvent_AlertsOnce()
    {
        await SendMotionStartedAsync("evt-1");
        await SendMotionStartedAsync("evt-1");
        await SendMotionStartedAsync("evt-2");

        await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter" && r.Message.BodyText.Contains("evt-2", StringComparison.Ordinal), Wait);

        Assert.Equal(2, _hub.Upstream.Count);
    }

    [Fact]
    public async Task MotionStarted_OverRateLimitFromTwin_ExtraEventsDoNotAlert()
    {
        await SendMotionStartedAsync("evt-1");
        await SendMotionStartedAsync("evt-2");
        await SendMotionStartedAsync("evt-3");

        await _hub.DrainAsync();

        Assert.Equal(2, _hub.Upstream.Count);
    }

    [Fact]
    public async Task Health_Failed_SendsCameraFailedAlert()
    {
        await SendHealthAsync(CaptureState.Failed, "cannot open /dev/video0");

        var routed = await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter", Wait);
        var alert = routed.Message.Read(ContractsJsonContext.Default.Alert);

        Assert.Equal("cameraFailed", alert.Kind);
        Assert.Contains("cannot open /dev/video0", alert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_StorageBelowFloorThenOk_SendsStorageLowThenStorageRecovered()
    {
        await SendStorageHealthAsync(StorageState.BelowFloor, freeBytes: 1_400_000);
        await SendStorageHealthAsync(StorageState.Ok, freeBytes: 26_000_000);

        await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter" && r.Message.Read(ContractsJsonContext.Default.Alert).Kind == AlertComposer.StorageRecoveredKind, Wait);
        var alerts = _hub.Routed.Where(r => r.FromModuleId == "EventRouter").Select(r => r.Message.Read(ContractsJsonContext.Default.Alert)).ToList();

        Assert.Equal([AlertComposer.StorageLowKind, AlertComposer.StorageRecoveredKind], alerts.Select(a => a.Kind));
        Assert.Equal("Storage low: 1.3 MB free, below the 24.0 MB floor; all unprotected footage is already evicted, recording may pause", alerts[0].Text);
    }

    [Fact]
    public async Task Health_OutageSummarySentTwice_OneOutageSummaryAlertUpstream()
    {
        var summary = new OutageSummary("BlobBuffer", T0, T0.AddMinutes(192), 14, 15, 9, 90_000_000, T0.AddMinutes(5), 0);

        await SendOutageSummaryAsync(summary);
        await SendOutageSummaryAsync(summary); // sent again after a crash before BlobBuffer recorded it
        await _hub.DrainAsync();

        var alert = Assert.Single(_hub.Upstream).Message.Read(ContractsJsonContext.Default.Alert);
        Assert.Equal((AlertComposer.OutageSummaryKind, "BlobBuffer"), (alert.Kind, alert.CameraId));
        Assert.Equal("Back online after 3 h 12 min: 14 events, 9 clips waiting, oldest from 08:35Z", alert.Text);
    }

    [Fact]
    public async Task DesiredPatch_AlertsDisabled_NoAlertAndStatus200()
    {
        await _hub.Hub.UpdateDesiredPropertiesAsync("EventRouter", new JsonObject { ["alertsEnabled"] = false }, CancellationToken.None);
        await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"]?["version"]?.GetValue<long>() == 2, Wait);

        await SendMotionStartedAsync("evt-1");
        await SendHealthAsync(CaptureState.Failed, "gone");
        await _hub.DrainAsync();

        Assert.Empty(_hub.Upstream);
    }

    [Fact]
    public async Task DesiredPatch_InvalidRate_Reports400NamingPropertyAndKeepsAlerting()
    {
        await _hub.Hub.UpdateDesiredPropertiesAsync("EventRouter", new JsonObject { ["maxAlertsPerMinute"] = 0 }, CancellationToken.None);

        var reported = await _hub.WaitForReportedAsync("EventRouter", r => r["lastDesiredStatus"]?["code"]?.GetValue<int>() == 400, Wait);
        await SendMotionStartedAsync("evt-1");
        await _hub.WaitForAsync(r => r.FromModuleId == "EventRouter", Wait);

        Assert.Contains("maxAlertsPerMinute", (string?)reported["lastDesiredStatus"]!["description"], StringComparison.Ordinal);
    }

    private Task SendOutageSummaryAsync(OutageSummary summary) => _camera.SendAsync(
        "health",
        ContractMessage.Create(summary, ContractsJsonContext.Default.OutageSummary, MessageTypes.OutageSummary, summary.Buffer, $"{summary.Buffer}.outage"),
        CancellationToken.None);

    private Task SendMotionStartedAsync(string eventId) => _camera.SendAsync(
        "motion",
        ContractMessage.Create(new MotionStarted("cam1", eventId, T0, 0.2, []), ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, "cam1"),
        CancellationToken.None);

    private Task SendStorageHealthAsync(StorageState state, long freeBytes) => _camera.SendAsync(
        "health",
        ContractMessage.Create(new StorageHealth("SegmentRecorder", state, freeBytes, 24L * 1024 * 1024, 64L * 1024 * 1024, T0), ContractsJsonContext.Default.StorageHealth, MessageTypes.StorageHealth, "SegmentRecorder"),
        CancellationToken.None);

    private Task SendHealthAsync(CaptureState state, string? error = null) => _camera.SendAsync(
        "health",
        ContractMessage.Create(new CameraHealth("cam1", state, "/dev/video0", 0, 0, T0, error), ContractsJsonContext.Default.CameraHealth, MessageTypes.CameraHealth, "cam1"),
        CancellationToken.None);
}

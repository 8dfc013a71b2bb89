using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cloud;
using EdgeCam.Agent.Outbox;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt.Transport;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Tests.Cloud;

[Trait("Category", "Integration")]
public sealed class DeviceCloudLinkTests : IDisposable
{
    private const string Key = "c2VjcmV0LWRldmljZS1rZXktZm9yLWVkZ2VjYW0tYWdlbnQ=";
    private readonly TempDirectory _directory = new("cloudlink");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Start_DeviceTwinSections_OverrideEachModulesDesired_AndPatchesFollow()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, Json("""{"EventRouter":{"maxAlertsPerMinute":3},"Unrelated":{"x":1}}"""), CancellationToken.None);
        await using var outbox = Agent.Outbox.Outbox.Open(new OutboxOptions(_directory.Combine("outbox")), _logs.CreateLogger<Agent.Outbox.Outbox>());
        await using var hub = Hub(outbox);
        await using var link = Link(broker, outbox);

        await link.StartAsync(hub, CancellationToken.None);
        await Eventually(() => hub.GetDesiredProperties("EventRouter")["maxAlertsPerMinute"]?.GetValue<int>() == 3);
        await iotHub.PatchDesiredAsync(Json("""{"EventRouter":{"alertsEnabled":false}}"""), CancellationToken.None);
        await Eventually(() => hub.GetDesiredProperties("EventRouter")["alertsEnabled"]?.GetValue<bool>() == false);

        var desired = hub.GetDesiredProperties("EventRouter");
        Assert.Equal(3, desired["maxAlertsPerMinute"]!.GetValue<int>());
        Assert.Equal("template", desired["origin"]!.GetValue<string>());
        Assert.False(hub.GetDesiredProperties("Probe").ContainsKey("x"));
        var cached = DeviceTwinSections.LoadCache(_directory.Combine("device-twin.json"));
        Assert.False(cached["EventRouter"]!["alertsEnabled"]!.GetValue<bool>());
        Assert.Equal(3, cached["EventRouter"]!["maxAlertsPerMinute"]!.GetValue<int>());
    }

    [Fact]
    public async Task Upstream_DuringAnOutage_IsKeptAndSentInOrderWithItsMidAfterTheReconnect()
    {
        // A persistent broker keeps the test hub's subscription across the restart: without it, the agent could publish
        // before the test hub re-subscribed and the broker would drop what nobody subscribed to yet (a flaky test).
        using var persistence = new TempDirectory("broker-persistence");
        await using var broker = await MosquittoBroker.StartAsync(TestIotHub.PersistentBrokerOptions(persistence), CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        await using var outbox = Agent.Outbox.Outbox.Open(new OutboxOptions(_directory.Combine("outbox")), _logs.CreateLogger<Agent.Outbox.Outbox>());
        await using var hub = Hub(outbox);
        await using var link = Link(broker, outbox);
        await link.StartAsync(hub, CancellationToken.None);
        // The outage starts once the link is up (its twin answered, "Connected" logged), not while it still opens.
        await Eventually(() => _logs.Entries.Any(e => e.EventId == 521));
        await using var probe = await hub.CreateAsync("Probe", CancellationToken.None);
        await probe.OpenAsync(CancellationToken.None);

        await broker.StopAsync(CancellationToken.None);
        for (int i = 0; i < 5; i++)
        {
            await probe.SendAsync("alerts", new ModuleMessage(Encoding.UTF8.GetBytes($$"""{"n":{{i}}}""")) { MessageId = $"alert-{i}" }, CancellationToken.None);
        }

        Assert.InRange(outbox.Count, 4, 5); // the first may be in flight, waiting for the reconnect
        await broker.RestartAsync(CancellationToken.None);
        await Eventually(() => outbox.Count == 0 && link.SentCount == 5, TimeSpan.FromSeconds(20));
        await Eventually(() => Alerts(iotHub).Select(m => m.MessageId).Distinct().Count() == 5, TimeSpan.FromSeconds(20));

        var received = Alerts(iotHub);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"alert-{i}"), received.Select(m => m.MessageId).Distinct());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $$"""{"n":{{i}}}"""), received.DistinctBy(m => m.MessageId).Select(m => m.BodyText));
        Assert.All(iotHub.Seen.Where(m => m.Topic.Contains("/messages/events/", StringComparison.Ordinal)), m => Assert.StartsWith("devices/agent1/messages/events/", m.Topic, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain("SharedAccessSignature", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirstOpen_BrokerDropsWhileTheFirstTwinGetIsInFlight_LinkReconnectsAppliesTheTwinAndDelivers()
    {
        using var persistence = new TempDirectory("broker-persistence");
        await using var broker = await MosquittoBroker.StartAsync(TestIotHub.PersistentBrokerOptions(persistence), CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, Json("""{"EventRouter":{"maxAlertsPerMinute":5}}"""), CancellationToken.None);
        iotHub.LeaveNextTwinGetsUnanswered(1);
        await using var outbox = Agent.Outbox.Outbox.Open(new OutboxOptions(_directory.Combine("outbox")), _logs.CreateLogger<Agent.Outbox.Outbox>());
        await using var hub = Hub(outbox);
        await using var link = Link(broker, outbox);
        await using var probe = await hub.CreateAsync("Probe", CancellationToken.None);
        await probe.OpenAsync(CancellationToken.None);

        // The outage starts while the link's first open waits for the answer to its first twin GET.
        await link.StartAsync(hub, CancellationToken.None);
        await Eventually(() => iotHub.TwinGets >= 1);
        await broker.StopAsync(CancellationToken.None);
        await probe.SendAsync("alerts", new ModuleMessage(Encoding.UTF8.GetBytes("""{"n":0}""")) { MessageId = "alert-0" }, CancellationToken.None);
        await broker.RestartAsync(CancellationToken.None);

        await Eventually(() => Alerts(iotHub).Count > 0, TimeSpan.FromSeconds(30));
        await Eventually(() => hub.GetDesiredProperties("EventRouter")["maxAlertsPerMinute"]?.GetValue<int>() == 5);
        Assert.Equal("alert-0", Alerts(iotHub)[0].MessageId);
        Assert.Contains(_logs.Entries, e => e.EventId == 521);
        Assert.True(iotHub.TwinGets >= 2, "the first GET was asked again on the new connection");
    }

    [Fact]
    public async Task FirstOpen_TwinGetNeverAnswered_WarnsOnceAndStillDrainsTheOutbox()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var iotHub = await TestIotHub.StartAsync(broker, null, CancellationToken.None);
        iotHub.LeaveNextTwinGetsUnanswered(int.MaxValue);
        await using var outbox = Agent.Outbox.Outbox.Open(new OutboxOptions(_directory.Combine("outbox")), _logs.CreateLogger<Agent.Outbox.Outbox>());
        await using var hub = Hub(outbox);
        await using var link = Link(broker, outbox, requestTimeout: TimeSpan.FromSeconds(1));
        await using var probe = await hub.CreateAsync("Probe", CancellationToken.None);
        await probe.OpenAsync(CancellationToken.None);

        await link.StartAsync(hub, CancellationToken.None);
        await probe.SendAsync("alerts", new ModuleMessage(Encoding.UTF8.GetBytes("""{"n":0}""")) { MessageId = "alert-0" }, CancellationToken.None);

        await Eventually(() => Alerts(iotHub).Count > 0, TimeSpan.FromSeconds(20));
        var warning = Assert.Single(_logs.Entries, e => e.EventId == 528);
        Assert.Contains("first device twin fetch failed", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 521);
    }

    private static List<ModuleMessage> Alerts(TestIotHub iotHub) =>
        [.. iotHub.Telemetry.Where(m => m.MessageId?.StartsWith("alert-", StringComparison.Ordinal) == true)];

    private InProcessHub Hub(Agent.Outbox.Outbox outbox) => new(
        RouteTable.Parse([new KeyValuePair<string, string>("up", "FROM /messages/modules/Probe/outputs/* INTO $upstream")]),
        new Dictionary<string, JsonObject>
        {
            ["EventRouter"] = Json("""{"origin":"template","maxAlertsPerMinute":12,"$version":1}"""),
            ["Probe"] = Json("""{"$version":1}"""),
        },
        new OutboxUpstream(outbox),
        TimeProvider.System,
        _logs);

    private DeviceCloudLink Link(MosquittoBroker broker, Agent.Outbox.Outbox outbox, TimeSpan? requestTimeout = null)
    {
        var client = new IotHubModuleClient(
            ConnectionStringCredentials.Parse($"HostName=localhost;DeviceId=agent1;SharedAccessKey={Key}"),
            new IotHubClientOptions { Port = broker.TlsPort, CaFile = broker.CaFile, RetryInitialDelay = TimeSpan.FromMilliseconds(200), RetryMaxDelay = TimeSpan.FromSeconds(1), RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5) },
            () => new MqttNetConnection(_logs.CreateLogger<MqttNetConnection>()),
            TimeProvider.System,
            _logs.CreateLogger<IotHubModuleClient>());
        return new DeviceCloudLink(client, outbox, ["EventRouter", "Probe"], _directory.Combine("device-twin.json"), TimeProvider.System, _logs);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static async Task Eventually(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(50);
        }
    }
}

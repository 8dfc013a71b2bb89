using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Testing;
using EdgeCam.Testing.Mosquitto;
using EdgeCam.Testing.Network;

namespace EdgeCam.EventRouter.Tests.Sinks;

/// <summary>A sink that hangs or is dead delays no other: the live sinks deliver every alert meanwhile.</summary>
public sealed class SinkIsolationTests
{
    private const string AlertTopics = "edgecam/dev1/+/alert";

    [Fact]
    public async Task Alerts_WebhookHangs_MqttAndIotHubDeliverEveryAlert()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var receiver = WebhookReceiver.Start(WebhookBehaviour.Hang);
        await using var recorder = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, AlertTopics, CancellationToken.None);
        var desired = Mqtt(broker.Port);
        desired["webhook"] = new JsonObject { ["enabled"] = true, ["url"] = receiver.Url, ["timeoutSeconds"] = 120 };
        await using var rig = await RouterRig.StartAsync(desired, Environment());

        await rig.MotionStartedAsync("evt-1");
        await Eventually.TrueAsync(() => receiver.Requests.Count == 1, "the webhook holds the first alert without answering");
        await rig.MotionStartedAsync("evt-2");
        await rig.MotionStartedAsync("evt-3");

        await Eventually.TrueAsync(() => recorder.Messages.Count == 3 && rig.Hub.Upstream.Count == 3, "mqtt and IoT Hub delivered all three");
        Assert.Equal(["cam1:evt-1:motion", "cam1:evt-2:motion", "cam1:evt-3:motion"], recorder.Messages.Select(m => JsonSerializer.Deserialize(m.Payload, ContractsJsonContext.Default.Alert)!.AlertId));
        Assert.Equal(3, rig.UpstreamAlerts.Count);
        Assert.Single(receiver.Requests);
        Assert.Null(receiver.Requests[0].Status);
    }

    [Fact]
    public async Task Alerts_BrokerDead_WebhookAndIotHubDeliverEveryAlert()
    {
        await using var receiver = WebhookReceiver.Start(WebhookBehaviour.Answer);
        var desired = Mqtt(DeadPort());
        desired["webhook"] = new JsonObject { ["enabled"] = true, ["url"] = receiver.Url };
        await using var rig = await RouterRig.StartAsync(desired, Environment());

        await rig.MotionStartedAsync("evt-1");
        await rig.MotionStartedAsync("evt-2");
        await rig.MotionStartedAsync("evt-3");

        await Eventually.TrueAsync(() => receiver.Requests.Count == 3 && rig.Hub.Upstream.Count == 3, "webhook and IoT Hub delivered all three");
        Assert.Equal(["cam1:evt-1:motion", "cam1:evt-2:motion", "cam1:evt-3:motion"], receiver.Requests.Select(r => r.IdempotencyKey));
    }

    private static EventRouterEnvironment Environment() => EventRouterEnvironment.None with { Device = "dev1" };

    private static JsonObject Mqtt(int port) => new()
    {
        ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = MosquittoBroker.Host, ["port"] = port },
        ["homeAssistant"] = new JsonObject { ["enabled"] = false },
    };

    // A loopback port nothing listens on: connects are refused at once.
    private static int DeadPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

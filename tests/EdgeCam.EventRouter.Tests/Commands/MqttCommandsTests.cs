using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter.Commands;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCam.EventRouter.Tests.Commands;

/// <summary>The MQTT command topics against a real Mosquitto: what an owner's automation publishing there gets.</summary>
public sealed class MqttCommandsTests
{
    private const string Root = "edgecam/dev1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TopicLayout Topics = new("edgecam", "dev1");

    [Fact]
    public async Task TriggerSet_Seconds_SendsARecordingTriggerForTheTopicsCamera()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await StartAsync(broker, null);

        await PublishAsync(broker.Port, $"{Root}/cam1/trigger/set", "30");

        var trigger = (await rig.Hub.WaitForAsync(r => r.OutputName == "trigger", Wait)).Message.Read(ContractsJsonContext.Default.RecordingTrigger);
        Assert.Equal(("cam1", 30.0, "mqtt"), (trigger.CameraId, trigger.DurationSeconds, trigger.Source));
        Assert.StartsWith("mqtt-", trigger.TriggerId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerSet_JsonPayload_KeepsTheSendersIdReasonAndPreRoll()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await StartAsync(broker, null);

        await PublishAsync(broker.Port, $"{Root}/porch/trigger/set", """{"seconds": 20, "reason": "doorbell", "triggerId": "ring-42", "preRollSeconds": 5}""");

        var routed = await rig.Hub.WaitForAsync(r => r.OutputName == "trigger", Wait);
        Assert.Equal(MessageTypes.RecordingTrigger, routed.Message.MessageType());
        var trigger = routed.Message.Read(ContractsJsonContext.Default.RecordingTrigger);
        Assert.Equal(("porch", "ring-42", 20.0, "mqtt", "doorbell", (double?)5), (trigger.CameraId, trigger.TriggerId, trigger.DurationSeconds, trigger.Source, trigger.Reason, trigger.PreRollSeconds));
    }

    [Fact]
    public async Task ModeSet_Away_SwitchesTheHouseModeReportedAsSetByMqtt()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await StartAsync(broker, null);
        Assert.Equal("twin", (string?)rig.Hub.Hub.GetReportedProperties("EventRouter")["rules"]?["modeSource"]);

        await PublishAsync(broker.Port, $"{Root}/mode/set", "away");

        var reported = await rig.Hub.WaitForReportedAsync("EventRouter", r => (string?)r["rules"]?["modeSource"] == "mqtt", Wait);
        Assert.Equal("away", (string?)reported["rules"]!["mode"]);
    }

    [Fact]
    public async Task TriggerSet_MalformedPayload_DroppedWithOneLineNamingTheTopic()
    {
        using var logs = new RecordingLoggerProvider();
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await StartAsync(broker, logs);

        await PublishAsync(broker.Port, $"{Root}/cam1/trigger/set", "PRESS");
        // Same topic, same publisher: delivered in order, so once this one is sent the bad one was handled.
        await PublishAsync(broker.Port, $"{Root}/cam1/trigger/set", "10");
        await rig.Hub.WaitForAsync(r => r.OutputName == "trigger", Wait);

        var line = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Equal($"MQTT command on {Root}/cam1/trigger/set dropped: the payload must be the seconds to keep (30) or a JSON object {{\"seconds\": 30, …}}, got 'PRESS'", line);
        Assert.Single(rig.Hub.Routed, r => r.OutputName == "trigger");
    }

    [Fact]
    public async Task BrokerRestarted_TriggerSet_IsHeardOnTheNewConnection()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await StartAsync(broker, null);

        await broker.RestartAsync(CancellationToken.None);
        // The broker keeps nothing across the restart: online is retained again only once EventRouter reconnected and
        // subscribed (it subscribes before saying online).
        await using (var status = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, $"{Root}/status", CancellationToken.None))
        {
            await status.WaitForStateAsync($"{Root}/status", "online", 40_000);
        }

        await PublishAsync(broker.Port, $"{Root}/cam1/trigger/set", "30");

        var trigger = (await rig.Hub.WaitForAsync(r => r.OutputName == "trigger", Wait)).Message.Read(ContractsJsonContext.Default.RecordingTrigger);
        Assert.Equal("cam1", trigger.CameraId);
    }

    [Theory]
    [InlineData("edgecam/dev1/cam1/trigger/set", """{"cameraId": "cam2", "seconds": 5}""", false, "cameraId \"cam2\" differs from the topic's camera 'cam1' (leave it out)")]
    [InlineData("edgecam/dev1/cam1/trigger/set", "30", true, "a retained trigger is not carried out (it would record again at every reconnect): publish it without the retain flag")]
    [InlineData("edgecam/dev1/cam1/trigger/set", "-3", false, "seconds must be between 1 and 3600, got -3")]
    [InlineData("edgecam/dev1/mode/set", "vacation", false, "mode must be one of Home, Away, got \"vacation\"")]
    public void Read_BadCommand_NamesTheProblem(string topic, string payload, bool retained, string problem)
    {
        var read = MqttCommands.Read(Topics, new LocalMqttMessage(topic, Encoding.UTF8.GetBytes(payload), retained));

        Assert.Equal(((RouterCommand?)null, problem), read);
    }

    [Theory]
    [InlineData("edgecam/dev1/mode/set", "away")]
    [InlineData("edgecam/dev1/mode/set", """{"mode": "AWAY"}""")]
    public void Read_ModeSetTextOrJson_IsSetModeAway(string topic, string payload)
    {
        var read = MqttCommands.Read(Topics, new LocalMqttMessage(topic, Encoding.UTF8.GetBytes(payload), Retained: true));

        Assert.Equal(((RouterCommand?)new SetModeCommand(EventRouter.Rules.HouseModeKind.Away), (string?)null), read);
    }

    [Theory]
    [InlineData("edgecam/dev1/cam1/motion")]
    [InlineData("edgecam/dev2/cam1/trigger/set")]
    [InlineData("edgecam/dev1/cam1/armed/set")]
    public void Read_NotACommandTopicOfThisDevice_IsNull(string topic) =>
        Assert.Null(MqttCommands.Read(Topics, new LocalMqttMessage(topic, Encoding.UTF8.GetBytes("30"), Retained: false)));

    // The router is subscribed once its retained 'online' is on the broker (it subscribes before saying online).
    private static async Task<RouterRig> StartAsync(MosquittoBroker broker, ILoggerFactory? loggers)
    {
        var desired = new JsonObject { ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = MosquittoBroker.Host, ["port"] = broker.Port } };
        var rig = await RouterRig.StartAsync(desired, EventRouterEnvironment.None with { Device = "dev1" }, loggers);
        await using var status = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, $"{Root}/status", CancellationToken.None);
        await status.WaitForStateAsync($"{Root}/status", "online");
        return rig;
    }

    private static async Task PublishAsync(int port, string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTcpServer(MosquittoBroker.Host, port)
            .WithClientId("automation-" + Guid.NewGuid().ToString("N")[..8])
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        await client.ConnectAsync(options, CancellationToken.None);
        await client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            CancellationToken.None);
        await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Agent.Upstream;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.DevKit.Storage;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.EventRouter.Triggers;
using EdgeCam.Media.Clips;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>
/// Issue 10 part 4 end to end in the agent: a camera with no scripted motion (a 60 s synthetic clip played in real time),
/// EventRouter's <c>trigger</c> direct method called once, and the trigger's clip, with the pre-roll before the call,
/// found in a real Azurite with the local file's MD5; all through the routes of deployment.template.json. The trigger
/// comes once from the direct method and once from a plain MQTT client on the embedded broker's command topic.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentHostTriggerTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The synthetic clip has one keyframe per second (GOP = frame rate): copy-mode cuts snap to keyframes.</summary>
    private const double KeyframeIntervalSeconds = 1.0;
    private const double TriggerSeconds = 4;

    /// <summary>The device level of the MQTT topics (IOTEDGE_DEVICEID), fixed so the test does not depend on the host name.</summary>
    private const string Device = "agent-trigger";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new("agent-trigger");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public Task TriggerMethod_CameraWithoutMotion_ClipWithPreRollAndDurationInStorage() =>
        RunTriggerAsync(
            localBroker: null,
            new ClipTrigger("door-1", "method", "doorbell"),
            async (agent, topics) =>
            {
                var response = await agent.Hub.InvokeMethodAsync("EventRouter", "trigger", $$"""{"cameraId":"CameraCapture","seconds":{{TriggerSeconds}},"reason":"doorbell","triggerId":"door-1"}""", CancellationToken.None);
                Assert.True(response.Status == 200, response.PayloadText);
                return DateTimeOffset.Parse((string)JsonNode.Parse(response.PayloadText)!["time"]!, System.Globalization.CultureInfo.InvariantCulture);
            });

    /// <summary>
    /// The same clip, asked for by a plain MQTT client on the embedded broker's command topic
    /// <c>&lt;prefix&gt;/&lt;device&gt;/CameraCapture/trigger/set</c>, as Home Assistant or a doorbell would: no direct method involved.
    /// </summary>
    [Fact]
    public Task TriggerTopic_PublishedOnEmbeddedBroker_ClipWithPreRollInAzurite() =>
        RunTriggerAsync(
            LocalBrokerChoice.Parse($"embedded:{LoopbackPort.Free()}"),
            new ClipTrigger("door-mqtt-1", "mqtt", "doorbell"),
            async (agent, topics) =>
            {
                var port = agent.BrokerPort!.Value;

                // The retained 'online' is published after EventRouter subscribed to the command topics.
                await using (var status = await TopicRecorder.StartAsync("127.0.0.1", port, topics.Availability, CancellationToken.None))
                {
                    await status.WaitForStateAsync(topics.Availability, "online", 30_000);
                }

                using var doorbell = new MqttClientFactory().CreateMqttClient();
                await doorbell.ConnectAsync(
                    new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("doorbell").WithTimeout(TimeSpan.FromSeconds(10)).Build(),
                    CancellationToken.None);
                await doorbell.PublishAsync(
                    new MqttApplicationMessageBuilder()
                        .WithTopic(topics.TriggerCommand("CameraCapture"))
                        .WithPayload($$"""{"seconds":{{TriggerSeconds}},"reason":"doorbell","triggerId":"door-mqtt-1"}""")
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build(),
                    CancellationToken.None);
                await doorbell.DisconnectAsync(cancellationToken: CancellationToken.None);

                // An MQTT sender gets no answer: the trigger's time is the one EventRouter put in the trigger it routed to SegmentRecorder.
                var sent = await RoutedMessages.WaitForAsync(agent.Routed, r => r.FromModuleId == "EventRouter" && r.OutputName == TriggerSender.Output, Patience);
                return sent.Message.Read(ContractsJsonContext.Default.RecordingTrigger).Time;
            });

    /// <summary>
    /// Runs the agent (a 60 s motionless camera, Azurite, deployment.template.json), waits for footage, calls
    /// <paramref name="pullTrigger"/> (which returns the trigger's time) and asserts the clip of <paramref name="expected"/>:
    /// its pre-roll and post-roll, its duration on disk and the blob's MD5 in Azurite.
    /// </summary>
    private async Task RunTriggerAsync(LocalBrokerChoice? localBroker, ClipTrigger expected, Func<RunningAgent, TopicLayout, Task<DateTimeOffset>> pullTrigger)
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(60), MotionIntervals = [] },
            CancellationToken.None);
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var templatePath = Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");
        var template = DeploymentTemplate.Load(templatePath);
        var desired = JsonNode.Parse(File.ReadAllText(templatePath))!["modulesContent"]!;
        var preRoll = (double)desired["SegmentRecorder"]!["properties.desired"]!["preRollSeconds"]!;
        var topics = new TopicLayout((string)desired["EventRouter"]!["properties.desired"]!["mqtt"]!["topicPrefix"]!, Device);
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false },
        };
        var volume = new Contracts.SharedVolume(_dir.Combine("volume"));
        Directory.CreateDirectory(volume.Root);
        var settings = new Dictionary<string, string?>(AgentHost.ModuleSettings(volume.Root, azurite.ConnectionString), StringComparer.Ordinal)
        {
            [EventRouterEnvironment.DeviceIdVariable] = Device,
        };
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, settings, alerts, localBroker);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var routed = new ConcurrentQueue<RoutedMessage>();
        hub.MessageRouted += (_, r) => routed.Enqueue(r);
        await host.StartAsync(CancellationToken.None);
        try
        {
            // Enough footage for the pre-roll: more closed segments than the pre-roll spans (4 s each by default).
            await Eventually.TrueAsync(
                () => Directory.Exists(volume.SpoolDirectory("CameraCapture"))
                    && Directory.EnumerateFiles(volume.SpoolDirectory("CameraCapture"), "*.ts", SearchOption.AllDirectories).Count() >= 3,
                "the camera recorded three segments",
                60_000);

            var triggerTime = await pullTrigger(new RunningAgent(hub, routed, localBroker?.Port), topics);
            var eventId = RecordingTrigger.EventIdPrefix + expected.TriggerId;
            var uploadedMessage = await RoutedMessages.WaitForAsync(routed, r => r.OutputName == "uploaded" && r.Message.BodyText.Contains(eventId, StringComparison.Ordinal), Patience);
            var inStorage = TimeProvider.System.GetUtcNow() - triggerTime;

            var clip = routed.Where(r => r.OutputName == "clipReady").Select(r => r.Message.Read(ContractsJsonContext.Default.ClipReady)).Single(c => c.EventId == eventId);
            var uploaded = uploadedMessage.Message.Read(ContractsJsonContext.Default.ClipUploaded);
            output.WriteLine($"trigger ({expected.Source}) at {triggerTime:O}; clip {clip.Start:O} to {clip.End:O} ({clip.Duration.TotalSeconds:F1} s); blob {uploaded.BlobName}; trigger to blob in storage {inStorage.TotalSeconds:F1} s");
            Assert.Equal(("CameraCapture", eventId), (clip.CameraId, clip.EventId));
            Assert.Equal(expected, clip.Trigger);
            Assert.True(clip.Start <= triggerTime.AddSeconds(-preRoll + KeyframeIntervalSeconds), $"clip starts at {clip.Start:O}, the trigger was at {triggerTime:O}: less than {preRoll} s pre-roll");
            Assert.True(clip.End >= triggerTime.AddSeconds(TriggerSeconds - KeyframeIntervalSeconds), $"clip ends at {clip.End:O}, the trigger asked for {TriggerSeconds} s after {triggerTime:O}");

            var local = volume.Resolve(clip.ClipPath);
            var onDisk = await new MediaProbe().ReadTimesAsync(local, CancellationToken.None);
            Assert.InRange(onDisk.DurationSeconds, preRoll + TriggerSeconds - (2 * KeyframeIntervalSeconds), clip.Duration.TotalSeconds + 0.2);
            var storage = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05));
            var remote = (await storage.GetBlobClient(uploaded.BlobName).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(Convert.ToBase64String(MD5.HashData(await File.ReadAllBytesAsync(local))), Convert.ToBase64String(MD5.HashData(remote)));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>What a trigger needs of the running agent: its hub, the messages routed so far and its embedded broker's port.</summary>
    private sealed record RunningAgent(InProcessHub Hub, ConcurrentQueue<RoutedMessage> Routed, int? BrokerPort);
}

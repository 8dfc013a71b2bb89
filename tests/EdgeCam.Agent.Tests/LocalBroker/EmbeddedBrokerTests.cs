using System.Text.Json.Nodes;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.LocalBroker;
using EdgeCam.Agent.Upstream;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Edge.Deployment;
using EdgeCam.Testing;
using EdgeCam.EventRouter;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Mosquitto;
using EdgeCam.Testing.Network;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Agent.Tests.LocalBroker;

/// <summary>The agent's default: the whole pipeline on a synthetic camera with its embedded broker, seen by a subscriber.</summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedBrokerTests : IDisposable
{
    private readonly TempDirectory _dir = new("agent-broker");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AgentWithEmbeddedBroker_CameraSeesMotion_SubscriberGetsDiscoveryAndMotionOnThenOffRetained()
    {
        RequiredTool.Ffmpeg();
        var camera = await SyntheticClip.GenerateAsync(
            _dir.Combine("camera.mp4"),
            new SyntheticClipOptions { Duration = TimeSpan.FromSeconds(9), MotionIntervals = [MotionInterval.FromSeconds(4, 6)] },
            CancellationToken.None);
        var template = DeploymentTemplate.Load(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"));
        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            ["CameraCapture"] = new() { ["source"] = camera.Path, ["realtime"] = true, ["loop"] = false },
        };
        var port = LoopbackPort.Free();
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(template, overrides, AgentHost.ModuleSettings(_dir.Combine("data"), null), alerts, LocalBrokerChoice.Parse($"embedded:{port}"));

        await host.StartAsync(CancellationToken.None);
        try
        {
            await using var ha = await TopicRecorder.StartAsync("127.0.0.1", port, "#", CancellationToken.None);
            var motion = await ha.WaitForAsync(m => m.Topic.EndsWith("/CameraCapture/motion", StringComparison.Ordinal) && m.Text == "ON", "motion ON", 40000);
            await ha.WaitForStateAsync(motion.Topic, "OFF", 40000);

            await using var late = await TopicRecorder.StartAsync("127.0.0.1", port, "#", CancellationToken.None);
            await late.WaitForStateAsync(motion.Topic, "OFF");
            var config = await late.WaitForAsync(m => m.Topic.StartsWith("homeassistant/binary_sensor/", StringComparison.Ordinal) && m.Topic.EndsWith("_CameraCapture/motion/config", StringComparison.Ordinal), "the motion sensor's discovery document");
            Assert.True(config.Retain);
            Assert.Equal(motion.Topic, (string?)JsonNode.Parse(config.Text)!["state_topic"]);
            Assert.Equal("online", late.Messages.Single(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Text);
            Assert.Contains(ha.Messages, m => m.Topic.EndsWith("/CameraCapture/alert", StringComparison.Ordinal) && !m.Retain);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task EmbeddedBroker_RoutersConnectionKilled_SubscriberSeesTheOfflineWillThenOnline()
    {
        var port = LoopbackPort.Free();
        using var broker = new EmbeddedBroker(port, NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(port);
        await using var hub = TestHub.Create(
            new Dictionary<string, string> { ["up"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream" },
            new Dictionary<string, JsonObject> { ["EventRouter"] = new() { ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = "127.0.0.1", ["port"] = proxy.Port } } });
        using var stop = new CancellationTokenSource();
        var router = new EventRouterModule(TimeProvider.System, NullLogger<EventRouterModule>.Instance, NullLoggerFactory.Instance, EventRouterEnvironment.None with { Device = "laptop" })
            .RunAsync(await hub.ClientAsync("EventRouter"), stop.Token);
        await using var ha = await TopicRecorder.StartAsync("127.0.0.1", port, "edgecam/laptop/status", CancellationToken.None);
        await ha.WaitForStateAsync("edgecam/laptop/status", "online");

        proxy.SeverAll();

        await ha.WaitForAsync(m => m.Text == "offline", "the embedded broker published the last will");
        await Eventually.TrueAsync(() => ha.Messages.SkipWhile(m => m.Text != "offline").Any(m => m.Text == "online"), "EventRouter reconnected and said online");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => router);
        await broker.StopAsync(CancellationToken.None);
    }
}

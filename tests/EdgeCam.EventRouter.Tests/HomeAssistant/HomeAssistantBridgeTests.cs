using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Testing;
using EdgeCam.Testing.Mosquitto;
using EdgeCam.Testing.Network;

namespace EdgeCam.EventRouter.Tests.HomeAssistant;

/// <summary>Against a real Mosquitto: what a Home Assistant subscribing to it would see.</summary>
public sealed class HomeAssistantBridgeTests
{
    private const string Root = "edgecam/dev1";

    [Fact]
    public async Task MotionStartedThenEnded_LateSubscriber_SeesRetainedDiscoveryAndMotionOff()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await RouterRig.StartAsync(Desired(broker.Port), Environment(null));
        await using (var live = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, "#", CancellationToken.None))
        {
            await rig.MotionStartedAsync("evt-1");
            await live.WaitForStateAsync($"{Root}/cam1/motion", "ON");
            await rig.MotionEndedAsync("evt-1");
            await live.WaitForStateAsync($"{Root}/cam1/motion", "OFF");
        }

        // Home Assistant starting later gets the retained documents and states at once.
        await using var late = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, "#", CancellationToken.None);
        await late.WaitForStateAsync($"{Root}/cam1/motion", "OFF");
        await late.WaitForAsync(m => m.Topic == "homeassistant/binary_sensor/edgecam_dev1_cam1/motion/config", "the motion sensor's discovery document");

        var discovery = JsonNode.Parse(late.Last("homeassistant/binary_sensor/edgecam_dev1_cam1/motion/config")!.Text)!;
        Assert.Equal($"{Root}/cam1/motion", (string?)discovery["state_topic"]);
        Assert.Equal($"{Root}/status", (string?)discovery["availability_topic"]);
        Assert.True(late.Last($"{Root}/cam1/motion")!.Retain);
        Assert.Equal("online", late.Last($"{Root}/status")!.Text);
        Assert.All(late.Messages, m => Assert.True(m.Retain, $"{m.Topic} is retained"));
        var configs = late.Messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, configs.Count);
        Assert.All(configs, m => Assert.Empty(DiscoverySchema.Check("homeassistant", m.Topic, JsonNode.Parse(m.Text)!.AsObject())));
    }

    [Fact]
    public async Task MotionStarted_ZonesAndSnapshot_ZoneSensorsOnThenOffAndImageIsTheJpeg()
    {
        using var volume = new TempDirectory("router-volume");
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9 };
        Directory.CreateDirectory(volume.Combine("snapshots", "cam1"));
        await File.WriteAllBytesAsync(volume.Combine("snapshots", "cam1", "evt-1.jpg"), jpeg);
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await RouterRig.StartAsync(Desired(broker.Port), Environment(new SharedVolume(volume.Path)));
        await using var ha = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, "#", CancellationToken.None);

        await rig.MotionStartedAsync("evt-1", ["door", "garden path"], "snapshots/cam1/evt-1.jpg");
        await ha.WaitForStateAsync($"{Root}/cam1/zone/garden path/motion", "ON");
        await ha.WaitForStateAsync($"{Root}/cam1/zone/door/motion", "ON");
        await rig.MotionEndedAsync("evt-1");
        await ha.WaitForStateAsync($"{Root}/cam1/zone/door/motion", "OFF");
        await ha.WaitForStateAsync($"{Root}/cam1/zone/garden path/motion", "OFF");

        Assert.Equal(jpeg, ha.Last($"{Root}/cam1/snapshot")!.Payload);
        var zone = JsonNode.Parse(ha.Last("homeassistant/binary_sensor/edgecam_dev1_cam1/zone_garden_path_motion/config")!.Text)!;
        Assert.Equal($"{Root}/cam1/zone/garden path/motion", (string?)zone["state_topic"]);
    }

    [Fact]
    public async Task InjectedHealthNightVisionUploadAndBacklog_SubscriberSeesEachSensorsState()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var rig = await RouterRig.StartAsync(Desired(broker.Port), Environment(null));
        await using var ha = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, "#", CancellationToken.None);
        var t = RouterRig.T0;

        await rig.SendAsync("health", new CameraHealth("cam1", CaptureState.Restarting, "rtsp://cam", 10, 0, t, "timeout"), ContractsJsonContext.Default.CameraHealth, MessageTypes.CameraHealth);
        await rig.SendAsync("nightVision", new NightVisionChanged("cam1", NightVisionMode.Night, t, "brightness"), ContractsJsonContext.Default.NightVisionChanged, MessageTypes.NightVisionChanged);
        await rig.SendAsync("uploaded", new ClipUploaded("cam1", "evt-1", "clips/cam1/evt-1.mp4", "http://127.0.0.1/c", "cam1/evt-1.mp4", 1000, "md5", t.AddSeconds(30)), ContractsJsonContext.Default.ClipUploaded, MessageTypes.ClipUploaded);
        await rig.SendAsync("health", new BufferHealth("BlobBuffer", 7, 7_340_032, Uploading: false, t, t.AddMinutes(-9), t.AddMinutes(-10)), ContractsJsonContext.Default.BufferHealth, MessageTypes.BufferHealth);

        await ha.WaitForStateAsync($"{Root}/cam1/state", "restarting");
        await ha.WaitForStateAsync($"{Root}/cam1/ir", "night");
        await ha.WaitForStateAsync($"{Root}/cam1/lastUpload", "2026-11-30T20:15:30.000Z");
        await ha.WaitForStateAsync($"{Root}/buffer/BlobBuffer/pendingCount", "7");
        await ha.WaitForStateAsync($"{Root}/buffer/BlobBuffer/pendingBytes", "7340032");
        await ha.WaitForStateAsync($"{Root}/buffer/BlobBuffer/lastUpload", "2026-11-30T20:05:00.000Z");
        await ha.WaitForAsync(m => m.Topic == "homeassistant/sensor/edgecam_dev1_BlobBuffer/pending_count/config", "the backlog sensor's discovery document");
    }

    [Fact]
    public async Task ConnectionKilled_Subscriber_SeesTheOfflineWillThenOnlineAgain()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(broker.Port);
        await using var rig = await RouterRig.StartAsync(Desired(proxy.Port), Environment(null));
        await using var ha = await TopicRecorder.StartAsync(MosquittoBroker.Host, broker.Port, $"{Root}/status", CancellationToken.None);
        await ha.WaitForStateAsync($"{Root}/status", "online");

        proxy.SeverAll();

        await ha.WaitForAsync(m => m.Text == "offline", "the broker published the last will");
        await Eventually.TrueAsync(() => ha.Messages.SkipWhile(m => m.Text != "offline").Any(m => m.Text == "online"), "EventRouter reconnected and said online");
    }

    private static EventRouterEnvironment Environment(SharedVolume? volume) => EventRouterEnvironment.None with { Device = "dev1", Volume = volume };

    private static JsonObject Desired(int port) => new()
    {
        ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = MosquittoBroker.Host, ["port"] = port },
    };
}

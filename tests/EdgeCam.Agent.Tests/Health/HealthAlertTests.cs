using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer;
using EdgeCam.CameraCapture;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.EventRouter;
using EdgeCam.EventRouter.Health;
using EdgeCam.Edge.InProcess;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Network;
using EdgeCam.Testing.Rtsp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Health;

/// <summary>
/// Health alerts end to end, the real modules on one in-process hub with the template's kind of routes: a real RTSP
/// camera (GStreamer on loopback) killed and brought back, real Azurite behind a blackholed port. Each problem gives
/// one alert and one recovery; waits are bounded.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HealthAlertTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RtspCameraKilledThenBack_OneCameraOfflineAlertThenOneCameraOnline()
    {
        using var temp = new TempDirectory("health-rtsp");
        var mp4 = await RenderAsync(temp.Combine("cam.mp4"));
        var server = await RtspTestServer.StartAsync(mp4, "cam", CancellationToken.None);
        var port = server.Port;
        await using var hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["health"] = "FROM /messages/modules/Gate/outputs/health INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/health\")",
                ["alerts"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
            },
            new Dictionary<string, JsonObject>
            {
                ["Gate"] = new() { ["source"] = server.Url, ["camera"] = new JsonObject { ["networkTimeoutSeconds"] = 2 } },
                ["EventRouter"] = new() { ["health"] = new JsonObject { ["cameraOfflineSeconds"] = 3 } },
            });
        using var stop = new CancellationTokenSource();
        var router = new EventRouterModule(TimeProvider.System, NullLogger<EventRouterModule>.Instance, new SynchronisedClock()).RunAsync(await hub.ClientAsync("EventRouter"), stop.Token);
        var camera = new CameraCaptureModule(new SharedVolume(temp.Combine("data")), TimeProvider.System, NullLogger<CameraCaptureModule>.Instance).RunAsync(await hub.ClientAsync("Gate"), stop.Token);
        try
        {
            await hub.WaitForAsync(r => IsCameraState(r, CaptureState.Running), Patience);

            await server.DisposeAsync(); // the camera dies
            var offline = await hub.WaitForAsync(r => AlertKind(r) == "cameraOffline", Patience);
            server = await StartAgainAsync(mp4, port);
            var online = await hub.WaitForAsync(r => AlertKind(r) == "cameraOnline", Patience * 2);
            await Task.Delay(TimeSpan.FromSeconds(1)); // any duplicate would follow within the send loop's turn

            var alerts = hub.Upstream.Select(u => u.Message.Read(ContractsJsonContext.Default.Alert)).Where(a => a.Kind.StartsWith("camera", StringComparison.Ordinal)).ToList();
            output.WriteLine(string.Join('\n', alerts.Select(a => $"{a.Kind}: {a.Text}")));
            Assert.Equal(["cameraOffline", "cameraOnline"], alerts.Select(a => a.Kind));
            Assert.Equal("Gate", alerts[0].CameraId);
            Assert.Equal(alerts[0].EventId, alerts[1].EventId);
            Assert.Contains("Camera Gate offline for", alerts[0].Text, StringComparison.Ordinal);
            Assert.True(online.Message.Read(ContractsJsonContext.Default.Alert).Time > offline.Message.Read(ContractsJsonContext.Default.Alert).Time);
        }
        finally
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => camera);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => router);
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task UploadsBlackholedThenThrough_OneUploadsStuckAlertThenOneUploadsRecovered()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var blackhole = new LoopbackTcpProxy(azurite.Port, stalled: true);
        var throughProxy = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{blackhole.Port}/{AzuriteProcess.AccountName};";
        using var temp = new TempDirectory("health-uploads");
        var volume = new SharedVolume(temp.Path);
        await using var hub = TestHub.Create(
            new Dictionary<string, string>
            {
                ["clips"] = "FROM /messages/modules/SegmentRecorder/outputs/clipReady INTO BrokeredEndpoint(\"/modules/BlobBuffer/inputs/clipReady\")",
                ["bufferHealth"] = "FROM /messages/modules/BlobBuffer/outputs/health INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/health\")",
                ["alerts"] = "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream",
            },
            new Dictionary<string, JsonObject>
            {
                ["BlobBuffer"] = new() { ["stallTimeoutSeconds"] = 1, ["retryMinSeconds"] = 1, ["retryMaxSeconds"] = 2 },
                ["EventRouter"] = new() { ["health"] = new JsonObject { ["uploadsStuckSeconds"] = 3 } },
            });
        using var stop = new CancellationTokenSource();
        var router = new EventRouterModule(TimeProvider.System, NullLogger<EventRouterModule>.Instance, new SynchronisedClock()).RunAsync(await hub.ClientAsync("EventRouter"), stop.Token);
        var buffer = new BlobBufferModule(volume, throughProxy, NullLoggerFactory.Instance, TimeProvider.System).RunAsync(await hub.ClientAsync("BlobBuffer"), stop.Token);
        try
        {
            await hub.WaitForReportedAsync("BlobBuffer", r => r["buffer"] is not null, Patience);
            var recorder = await hub.ClientAsync("SegmentRecorder");
            await recorder.SendAsync(BlobBufferModule.ClipReadyInput, ContractMessage.Create(WriteClip(volume), ContractsJsonContext.Default.ClipReady, MessageTypes.ClipReady, "cam1"), CancellationToken.None);

            await hub.WaitForAsync(r => AlertKind(r) == "uploadsStuck", Patience);
            blackhole.Recover();
            await hub.WaitForAsync(r => AlertKind(r) == "uploadsRecovered", Patience);
            await Task.Delay(TimeSpan.FromSeconds(1));

            var alerts = hub.Upstream.Select(u => u.Message.Read(ContractsJsonContext.Default.Alert)).ToList();
            output.WriteLine(string.Join('\n', alerts.Select(a => $"{a.Kind}: {a.Text}")));
            Assert.Equal(["uploadsStuck", "uploadsRecovered"], alerts.Select(a => a.Kind));
            Assert.Equal("BlobBuffer", alerts[0].CameraId);
            Assert.StartsWith("Uploads stuck on BlobBuffer: 1 clips (0.2 MB) waiting, the oldest for ", alerts[0].Text, StringComparison.Ordinal);
            Assert.True(blackhole.StalledConnections >= 1);
        }
        finally
        {
            await stop.CancelAsync();
            await buffer;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => router);
        }
    }

    private static bool IsCameraState(RoutedMessage routed, CaptureState state) =>
        routed.OutputName == CameraCaptureModule.HealthOutput && routed.Message.MessageType() == MessageTypes.CameraHealth
        && routed.Message.Read(ContractsJsonContext.Default.CameraHealth).State == state;

    private static string? AlertKind(RoutedMessage routed) =>
        routed.FromModuleId == "EventRouter" ? routed.Message.Read(ContractsJsonContext.Default.Alert).Kind : null;

    // The killed server's port may linger for a moment: a few bounded attempts.
    private static async Task<RtspTestServer> StartAgainAsync(string mp4, int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RtspTestServer.StartAsync(mp4, "cam", CancellationToken.None, port);
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<string> RenderAsync(string path)
    {
        // Long enough that the stream never ends by itself during the test.
        var result = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "300", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "10", path],
            CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.ErrorTail());
        return path;
    }

    private static ClipReady WriteClip(SharedVolume volume)
    {
        var content = new byte[200_000];
        new Random(5).NextBytes(content);
        var directory = volume.ClipsDirectory("cam1");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "evt1.mp4");
        File.WriteAllBytes(path, content);
        var start = new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);
        return new ClipReady("cam1", "evt1", volume.ToRelative(path), start, start.AddSeconds(20), content.Length, Convert.ToBase64String(MD5.HashData(content)));
    }

    private sealed class SynchronisedClock : IClockStatus
    {
        public bool? IsSynchronised() => true;
    }
}

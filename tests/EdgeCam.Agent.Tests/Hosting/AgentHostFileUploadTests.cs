using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.Agent.Hosting;
using EdgeCam.Agent.Upstream;
using EdgeCam.BlobBuffer;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.IotHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Agent.Tests.Hosting;

/// <summary>The agent's BlobBuffer under <c>EDGECAM_STORAGE=iothub</c>: the device's file-upload session reaches the module.</summary>
[Trait("Category", "Integration")]
public sealed class AgentHostFileUploadTests : IDisposable
{
    private const string DeviceKey = "ZGV2aWNlLWtleS1vZi1waS03LWZvci10aGUtZmlsZS11cGxvYWQtdGVzdHMh";
    private const string Template = """
        {
          "modulesContent": {
            "$edgeAgent": { "properties.desired": { "modules": { "BlobBuffer": {} } } },
            "$edgeHub": { "properties.desired": { "routes": {
              "probeToBuffer": "FROM /messages/modules/Probe/outputs/clipReady INTO BrokeredEndpoint(\"/modules/BlobBuffer/inputs/clipReady\")"
            } } },
            "BlobBuffer": { "properties.desired": { "blockSizeBytes": 65536 } }
          }
        }
        """;

    private readonly TempDirectory _dir = new("agent-fileupload");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Build_IotHubStorageWithTheDeviceSession_ClipGoesThroughTheHubIntoStorageUnderTheDeviceId()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var iotHub = await FakeFileUploadHub.StartAsync("pi-7", DeviceKey, azurite, "uploads", CancellationToken.None);
        using var session = new IotHubFileUploadSession(
            ConnectionStringCredentials.Parse(iotHub.DeviceConnectionString),
            new IotHubFileUploadOptions { HttpsPort = iotHub.Port, CaFile = FakeFileUploadHub.CaFile, StorageScheme = "http" });
        var volume = new SharedVolume(_dir.Combine("volume"));
        Directory.CreateDirectory(volume.Root);
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);
        using var host = AgentHost.Build(
            DeploymentTemplate.Parse(Template), new Dictionary<string, JsonObject>(), AgentHost.ModuleSettings(volume.Root, null, null, iotHubFileUpload: true), alerts, fileUpload: session);
        var hub = host.Services.GetRequiredService<InProcessHub>();
        var routed = new ConcurrentQueue<RoutedMessage>();
        hub.MessageRouted += (_, r) => routed.Enqueue(r);
        await host.StartAsync(CancellationToken.None);
        try
        {
            await using var probe = await hub.CreateAsync("Probe", CancellationToken.None);
            await probe.OpenAsync(CancellationToken.None);
            var content = RandomNumberGenerator.GetBytes(200_000);
            var ready = WriteClip(volume, "cam1", "evt1", content);

            await probe.SendAsync(MessageTypes.ClipReady, ContractMessage.Create(ready, ContractsJsonContext.Default.ClipReady, MessageTypes.ClipReady, "cam1", "cam1.evt1.clipReady"), CancellationToken.None);

            await Eventually.TrueAsync(() => routed.Any(r => r.OutputName == BlobBufferModule.UploadedOutput), "BlobBuffer announced the upload", 60_000);
            var uploaded = routed.First(r => r.OutputName == BlobBufferModule.UploadedOutput).Message.Read(ContractsJsonContext.Default.ClipUploaded);
            Assert.Equal("pi-7/cam1/2026/11/21/evt1.mp4", uploaded.BlobName);
            var blob = new BlobContainerClient(azurite.ConnectionString, "uploads", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05)).GetBlobClient(uploaded.BlobName);
            Assert.Equal(MD5.HashData(content), (await blob.GetPropertiesAsync()).Value.ContentHash);
            var notification = Assert.Single(iotHub.Notifications);
            Assert.True(notification.IsSuccess);
            Assert.Equal(uploaded.BlobName, iotHub.Grants[notification.CorrelationId]);
            Assert.Contains("file upload through IoT Hub 'localhost' (device 'pi-7')", hub.GetReportedProperties("BlobBuffer")["buffer"]!["target"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Build_IotHubStorageWithoutADeviceSession_OneLineSayingItNeedsADeviceIdentity()
    {
        using var alerts = new LocalAlertLog(_dir.Combine("alerts.jsonl"), TextWriter.Null);

        var ex = Assert.Throws<FormatException>(() => AgentHost.Build(
            DeploymentTemplate.Parse(Template), new Dictionary<string, JsonObject>(), AgentHost.ModuleSettings(_dir.Combine("volume"), null, null, iotHubFileUpload: true), alerts));

        Assert.Equal(BlobBufferOptions.FileUploadNeedsDeviceIdentity, ex.Message);
    }

    private static ClipReady WriteClip(SharedVolume volume, string cameraId, string eventId, byte[] content)
    {
        var directory = volume.ClipsDirectory(cameraId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, eventId + ".mp4");
        File.WriteAllBytes(path, content);
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        return new ClipReady(cameraId, eventId, volume.ToRelative(path), start, start.AddSeconds(20), content.Length, Convert.ToBase64String(MD5.HashData(content)));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.IotHub;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Snapshots through the module, and the read links it signs for alerts, on real Azurite and plain HTTP GETs.</summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleLinkTests
{
    private static readonly DateTimeOffset EventStart = new(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_AccountKey_SnapshotLinkBeforeUploadThenBothLinksDownloadTheirBlobOnly()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var rig = BufferRig.Create("links", new JsonObject { ["container"] = "clips", ["readLinkMinutes"] = 30 });
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, module, cts.Token);
        var camera = await hub.ClientAsync(Camera);
        var recorder = await hub.ClientAsync(Recorder);
        var jpeg = ClipFiles.Content(30_000, 11);
        var snapshot = ClipFiles.WriteSnapshot(volume, "cam1", "evt1", jpeg, EventStart);
        var clip = ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(200_000, 12), EventStart.AddSeconds(-5));
        using var http = new HttpClient();

        var asked = DateTimeOffset.UtcNow;
        await camera.SendAsync("motion", Started("cam1", "evt1"), cts.Token);
        var link = Read(await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.LinksOutput, Patience));
        var beforeUpload = await http.GetAsync(new Uri(link.Link!.Url), cts.Token);
        await camera.SendAsync("snapshots", new ModuleMessage(ContractJson.Serialize(snapshot, ContractsJsonContext.Default.SnapshotReady)), cts.Token);
        await UntilStoredAsync(azurite, "clips", link.BlobName);
        using var snapshotGet = await http.GetAsync(new Uri(link.Link.Url), cts.Token);
        await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var uploaded = ContractJson.Deserialize((await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.UploadedOutput, Patience)).Message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
        using var clipGet = await http.GetAsync(new Uri(uploaded.ReadLink!.Url), cts.Token);
        using var otherBlob = await http.GetAsync(new Uri(link.Link.Url.Replace("evt1.jpg", "evt1.mp4", StringComparison.Ordinal)), cts.Token);
        await cts.CancelAsync();
        await run;

        Assert.Equal(("cam1", "evt1", "cam1/2026/11/21/evt1.jpg", null), (link.CameraId, link.EventId, link.BlobName, link.NoReadLink));
        Assert.InRange(link.Link.ExpiresAt - asked, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.StartsWith($"{azurite.BlobEndpoint}/clips/cam1/2026/11/21/evt1.jpg?", link.Link.Url, StringComparison.Ordinal);
        Assert.Contains("sp=r&", link.Link.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, beforeUpload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, snapshotGet.StatusCode);
        Assert.Equal("image/jpeg", snapshotGet.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await snapshotGet.Content.ReadAsByteArrayAsync(cts.Token));
        Assert.Equal(HttpStatusCode.OK, clipGet.StatusCode);
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5(await clipGet.Content.ReadAsByteArrayAsync(CancellationToken.None)));
        Assert.Null(uploaded.NoReadLink);
        Assert.Equal(HttpStatusCode.Forbidden, otherBlob.StatusCode);
    }

    [Theory]
    [InlineData(false, ReadLinkSigner.CannotRead)]
    [InlineData(true, ReadLinkSigner.SasCannotSign)]
    public async Task RunAsync_ContainerSas_SnapshotLinkSaysWhyThereIsNoLink(bool mayRead, string expected)
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var permissions = BlobContainerSasPermissions.Write | (mayRead ? BlobContainerSasPermissions.Read : 0);
        var sas = azurite.ContainerSasUri("sasclips", permissions, DateTimeOffset.UtcNow.AddHours(1));
        using var temp = new TempDirectory("nolink");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), new BlobBufferOptions { ContainerSasUrl = sas.AbsoluteUri }, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(new JsonObject());
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var camera = await hub.ClientAsync(Camera);

        await camera.SendAsync("motion", Started("cam1", "evt1"), cts.Token);
        var link = Read(await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.LinksOutput, Patience));
        await cts.CancelAsync();
        await run;

        Assert.Equal(("cam1/2026/11/21/evt1.jpg", null, expected), (link.BlobName, link.Link, link.NoReadLink));
        Assert.DoesNotContain("sig=", link.NoReadLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IotHubFileUpload_SnapshotLinkNamesTheBlobUnderTheDeviceIdWhereTheSnapshotLands()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var iotHub = await FakeFileUploadHub.StartAsync("pi-7", "ZGV2aWNlLWtleS1vZi1waS03LWZvci10aGUtZmlsZS11cGxvYWQtdGVzdHMh", azurite, "uploads", CancellationToken.None);
        using var session = Targets.HubFileUploadTargetTests.Session(iotHub);
        await using var rig = BufferRig.Create("hublink", new JsonObject { ["readLinkMinutes"] = 30 });
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, new BlobBufferOptions { UsesIotHubFileUpload = true }, NullLoggerFactory.Instance, TimeProvider.System, session);
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, module, cts.Token);
        var camera = await hub.ClientAsync(Camera);
        var snapshot = ClipFiles.WriteSnapshot(volume, "cam1", "evt1", ClipFiles.Content(30_000, 13), EventStart);

        await camera.SendAsync("motion", Started("cam1", "evt1"), cts.Token);
        var link = Read(await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.LinksOutput, Patience));
        await camera.SendAsync("snapshots", new ModuleMessage(ContractJson.Serialize(snapshot, ContractsJsonContext.Default.SnapshotReady)), cts.Token);
        await UntilStoredAsync(azurite, "uploads", link.BlobName);
        await cts.CancelAsync();
        await run;

        Assert.Equal(("pi-7/cam1/2026/11/21/evt1.jpg", null, EdgeCam.BlobBuffer.Targets.HubFileUploadTarget.NoReadLink), (link.BlobName, link.Link, link.NoReadLink));
        Assert.Equal(link.BlobName, Assert.Single(iotHub.Grants).Value);
    }

    [Fact]
    public async Task RunAsync_ReadLinksOff_SnapshotLinkNamesTheBlobWithoutLinkOrLine()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var temp = new TempDirectory("linksoff");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(new JsonObject { ["readLinkMinutes"] = 0 });
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var camera = await hub.ClientAsync(Camera);

        await camera.SendAsync("motion", Started("cam1", "evt1"), cts.Token);
        var link = Read(await hub.WaitForAsync(r => r.OutputName == BlobBufferModule.LinksOutput, Patience));
        await cts.CancelAsync();
        await run;

        Assert.Equal(("cam1/2026/11/21/evt1.jpg", null, null), (link.BlobName, link.Link, link.NoReadLink));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10081)]
    public async Task RunAsync_ReadLinkMinutesOutOfRange_Reports400NamingIt(int minutes)
    {
        using var temp = new TempDirectory("linkminutes");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(new JsonObject { ["readLinkMinutes"] = minutes });
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        await cts.CancelAsync();
        await run;

        var status = hub.Hub.GetReportedProperties(ModuleId)["lastDesiredStatus"]!;
        Assert.Equal(400, status["code"]!.GetValue<int>());
        Assert.Equal($"readLinkMinutes must be between 0 and 10080, got {minutes}", status["description"]!.GetValue<string>());
    }

    // Bounded: 150 looks, 100 ms apart.
    private static async Task UntilStoredAsync(AzuriteProcess azurite, string container, string blobName)
    {
        for (var i = 0; i < 150 && !await StoredBlobs.ExistsAsync(azurite, container, blobName); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await StoredBlobs.ExistsAsync(azurite, container, blobName), $"{blobName} was not uploaded within 15 s");
    }

    private static ModuleMessage Started(string cameraId, string eventId) => ContractMessage.Create(
        new MotionStarted(cameraId, eventId, EventStart, 0.1, [], $"snapshots/{cameraId}/{eventId}.jpg"),
        ContractsJsonContext.Default.MotionStarted,
        MessageTypes.MotionStarted,
        cameraId,
        eventId + ":started");

    private static SnapshotLink Read(EdgeCam.Edge.InProcess.RoutedMessage routed)
    {
        Assert.Equal(MessageTypes.SnapshotLink, routed.Message.MessageType());
        return routed.Message.Read(ContractsJsonContext.Default.SnapshotLink);
    }
}

using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.IotHub;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.IotHub;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Targets;

/// <summary>
/// IoT Hub's file-upload flow end to end on loopback: the real HTTPS session against a fake hub that checks the device
/// SAS and hands out real Azurite SAS URLs, the real block upload into Azurite, the completion notification.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HubFileUploadTargetTests
{
    private const string DeviceId = "pi-7";
    private const string DeviceKey = "ZGV2aWNlLWtleS1vZi1waS03LWZvci10aGUtZmlsZS11cGxvYWQtdGVzdHMh";
    private const string Container = "uploads";
    private const string WrongAccountKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

    [Fact]
    public async Task UploadAsync_ThroughTheHub_BlobHasTheClipMd5AndTheHubHearsSuccessForTheSameCorrelationId()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, azurite, Container, CancellationToken.None);
        using var session = Session(hub);
        using var temp = new TempDirectory("hubupload");
        var (job, content) = AzureBlobTargetTests.Job(temp);

        var receipt = await new HubFileUploadTarget(session, Blocks).UploadAsync(job, CancellationToken.None);

        var hubBlobName = $"{DeviceId}/{job.BlobName}";
        Assert.Equal(hubBlobName, receipt.BlobName);
        var (blob, properties) = await StoredBlobs.ReadAsync(azurite, Container, hubBlobName);
        Assert.Equal(ClipFiles.Md5(content), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal(content, blob);
        var grant = Assert.Single(hub.Grants);
        Assert.Equal(hubBlobName, grant.Value);
        var notification = Assert.Single(hub.Notifications);
        Assert.True(notification.IsSuccess);
        Assert.Equal(grant.Key, notification.CorrelationId);
        Assert.Contains(ClipFiles.Md5(content), notification.StatusDescription, StringComparison.Ordinal);
        Assert.Equal([200, 204], hub.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task UploadOldestAsync_StorageRefusesTheHubsSas_HubHearsFailureClipStaysBufferedAndUploadsOnTheNextSas()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, azurite, Container, CancellationToken.None);
        hub.SignWithKey = WrongAccountKey;
        using var session = Session(hub);
        using var temp = new TempDirectory("hubupload");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        var content = ClipFiles.Content(300_000, 3);
        var ready = store.Accept(ClipFiles.Write(volume, "cam1", "evt3", content), volume).Clip;
        var uploader = new ClipUploader(store, new HubFileUploadTarget(session, Blocks), TimeProvider.System, NullLogger<ClipUploader>.Instance)
        {
            Settings = new BlobBufferSettings { BlockSizeBytes = 65536 },
        };
        var confirmed = new List<ClipUploaded>();

        var refused = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal(UploadOutcomeKind.Failed, refused.Kind);
        Assert.Single(store.Pending());
        Assert.Empty(confirmed);
        Assert.Contains("403", uploader.LastError, StringComparison.Ordinal);
        var failure = Assert.Single(hub.Notifications);
        Assert.False(failure.IsSuccess);
        Assert.Equal(403, failure.StatusCode);
        Assert.Equal(hub.Grants.Keys.Single(), failure.CorrelationId);

        hub.SignWithKey = null;
        var uploaded = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal(UploadOutcomeKind.Uploaded, uploaded.Kind);
        Assert.Empty(store.Pending());
        var blobName = $"{DeviceId}/{BlobNaming.For(ready)}";
        Assert.Equal(blobName, Assert.Single(confirmed).BlobName);
        var (_, properties) = await StoredBlobs.ReadAsync(azurite, Container, blobName);
        Assert.Equal(ClipFiles.Md5(content), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal(2, hub.Notifications.Count);
        var success = hub.Notifications[1];
        Assert.True(success.IsSuccess);
        Assert.NotEqual(failure.CorrelationId, success.CorrelationId);
        Assert.Equal(blobName, hub.Grants[success.CorrelationId]);
    }

    [Fact]
    public async Task UploadAsync_AfterCrashWithTwoBlocksStaged_NewSasForTheSameBlobSendsOnlyTheMissingBlock()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, azurite, Container, CancellationToken.None);
        using var session = Session(hub);
        using var temp = new TempDirectory("hubupload");
        var (job, content) = AzureBlobTargetTests.Job(temp);
        var crashing = new HubFileUploadTarget(session, c => new AzureBlobTarget(new CountingBlockBlobClient(new AzureBlockBlobClient(c), failAfterBlocks: 2)));
        await Assert.ThrowsAsync<HttpRequestException>(() => crashing.UploadAsync(job, CancellationToken.None));
        CountingBlockBlobClient? resumed = null;

        var receipt = await new HubFileUploadTarget(session, c => new AzureBlobTarget(resumed = new CountingBlockBlobClient(new AzureBlockBlobClient(c)))).UploadAsync(job, CancellationToken.None);

        Assert.Equal([AzureBlobTarget.BlockId(job.BlockSizeBytes, 2)], resumed!.SentBlockIds);
        Assert.Equal(1, receipt.BlocksSent);
        var (blob, _) = await StoredBlobs.ReadAsync(azurite, Container, $"{DeviceId}/{job.BlobName}");
        Assert.Equal(content, blob);
        Assert.Equal(2, hub.Grants.Count);
        Assert.All(hub.Grants.Values, name => Assert.Equal($"{DeviceId}/{job.BlobName}", name));
        Assert.Equal([false, true], hub.Notifications.Select(n => n.IsSuccess));
    }

    [Fact]
    public async Task UploadAsync_HubRefusesTheUpload_OneLineNamingTheHubAndNothingSent()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var hub = await FakeFileUploadHub.StartAsync(DeviceId, DeviceKey, azurite, Container, CancellationToken.None);
        hub.RefuseStartsWith = 403;
        using var session = Session(hub);
        using var temp = new TempDirectory("hubupload");
        var (job, _) = AzureBlobTargetTests.Job(temp);

        var ex = await Assert.ThrowsAsync<Edge.FileUpload.FileUploadException>(() => new HubFileUploadTarget(session, Blocks).UploadAsync(job, CancellationToken.None));

        Assert.Equal(403, ex.Status);
        Assert.Contains("IoT Hub 'localhost' (device 'pi-7') answered 403", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(hub.Notifications);
        Assert.False(await StoredBlobs.ExistsAsync(azurite, Container, $"{DeviceId}/{job.BlobName}"));
    }

    internal static IotHubFileUploadSession Session(FakeFileUploadHub hub) => new(
        ConnectionStringCredentials.Parse(hub.DeviceConnectionString),
        new IotHubFileUploadOptions { HttpsPort = hub.Port, CaFile = FakeFileUploadHub.CaFile, StorageScheme = "http" });

    private static AzureBlobTarget Blocks(BlobStorageCredential credential) => new(new AzureBlockBlobClient(credential));

    private static Func<ClipUploaded, CancellationToken, Task> Confirm(List<ClipUploaded> confirmed) => (uploaded, _) =>
    {
        confirmed.Add(uploaded);
        return Task.CompletedTask;
    };
}

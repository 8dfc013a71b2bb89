using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.BlobBuffer.Tests.Targets;

[Trait("Category", "Integration")]
public sealed class AzureBlobTargetTests
{
    private const int BlockSize = 4 * 1024 * 1024;
    private const string BlobName = "cam1/2026/11/21/evt-9mib.mp4";

    [Fact]
    public async Task UploadAsync_NineMebibytesInFourMebibyteBlocks_BlobReadsBackIdentical()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);
        var counting = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(counting).UploadAsync(job, CancellationToken.None);

        Assert.Equal(3, receipt.BlocksSent);
        var (blob, properties) = await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName);
        Assert.Equal(content.Length, blob.Length);
        Assert.Equal(ClipFiles.Md5(content), ClipFiles.Md5(blob));
        Assert.Equal("video/mp4", properties.ContentType);
        Assert.Equal(ClipFiles.Md5(content), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal("cam1", properties.Metadata["camera"]);
        Assert.Equal("evt-9mib", properties.Metadata["event"]);
        Assert.Equal($"{azurite.BlobEndpoint}/edgecam/{BlobName}", receipt.Location);
    }

    [Fact]
    public async Task UploadAsync_AfterCrashWithTwoBlocksStaged_SendsOnlyTheMissingBlock()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);
        var crashing = new CountingBlockBlobClient(client, failAfterBlocks: 2);
        await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(crashing).UploadAsync(job, CancellationToken.None));
        Assert.Equal(2, (await client.GetBlockListAsync("edgecam", BlobName, CancellationToken.None)).Count(b => !b.IsCommitted));
        Assert.False(await StoredBlobs.ExistsAsync(azurite, "edgecam", BlobName));
        var resumed = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(resumed).UploadAsync(job, CancellationToken.None);

        Assert.Equal([AzureBlobTarget.BlockId(BlockSize, 2)], resumed.SentBlockIds);
        Assert.Equal(1, receipt.BlocksSent);
        var (blob, _) = await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName);
        Assert.Equal(content, blob);
    }

    [Fact]
    public async Task UploadAsync_FileChangedOnDiskAfterAcceptance_RefusesToCommit()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);
        content[5_000_000] ^= 0xFF;
        await File.WriteAllBytesAsync(job.FilePath, content);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new AzureBlobTarget(client).UploadAsync(job, CancellationToken.None));

        Assert.Contains("not committed", ex.Message, StringComparison.Ordinal);
        Assert.False(await StoredBlobs.ExistsAsync(azurite, "edgecam", BlobName));
    }

    [Fact]
    public async Task UploadAsync_ContainerSasUrl_UploadsIntoTheSasContainer()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await StoredBlobs.Container(azurite, "fromsas").CreateAsync();
        var sas = azurite.ContainerSasUri("fromsas", BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1));
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(sas.AbsoluteUri));
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);

        var receipt = await new AzureBlobTarget(client).UploadAsync(job, CancellationToken.None);

        Assert.Equal((await StoredBlobs.ReadAsync(azurite, "fromsas", BlobName)).Content, content);
        Assert.Equal($"{azurite.BlobEndpoint}/fromsas/{BlobName}", receipt.Location);
        Assert.DoesNotContain("sig=", receipt.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_ContainerSasUrlOfMissingContainer_OneLineNamingTheContainer()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var sas = azurite.ContainerSasUri("missing", BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1));
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(sas.AbsoluteUri));
        using var temp = new TempDirectory("blobtarget");
        var (job, _) = Job(temp);

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => new AzureBlobTarget(client).UploadAsync(job, CancellationToken.None));

        Assert.Equal(
            "container 'missing' of storage account 'devstoreaccount1' does not exist and the container SAS URL cannot create it; create the container; the clip stays buffered",
            ex.Message);
        Assert.True(((BlobStorageException)ex.InnerException!).IsContainerNotFound);
    }

    [Fact]
    public async Task UploadAsync_ConnectionStringWithSharedAccessSignature_CreatesContainerAndUploads()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var permissions = Azure.Storage.Sas.AccountSasPermissions.Read | Azure.Storage.Sas.AccountSasPermissions.Write | Azure.Storage.Sas.AccountSasPermissions.Create;
        var credential = BlobStorageCredential.ParseConnectionString(azurite.SasConnectionString(permissions, DateTimeOffset.UtcNow.AddHours(1)));
        using var temp = new TempDirectory("blobtarget");
        var (job, content) = Job(temp);

        await new AzureBlobTarget(new AzureBlockBlobClient(credential)).UploadAsync(job, CancellationToken.None);

        Assert.Equal(BlobCredentialKind.SasConnectionString, credential.Kind);
        Assert.Equal("devstoreaccount1", credential.AccountName);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName)).Content);
    }

    [Fact]
    public void BlockId_AnyIndex_HasTheSameLength()
    {
        var lengths = new[] { 0, 9, 4999, 49_999 }.Select(i => AzureBlobTarget.BlockId(BlockSize, i).Length).Distinct();

        Assert.Single(lengths);
    }

    internal static (UploadJob Job, byte[] Content) Job(TempDirectory temp)
    {
        var content = ClipFiles.Content((9 * 1024 * 1024) + 123, seed: 9);
        var path = temp.Combine("clip.mp4");
        File.WriteAllBytes(path, content);
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        var clip = new BufferedClip("id", "cam1", "evt-9mib", "clips/cam1/evt-9mib.mp4", start, start.AddSeconds(30), content.Length, ClipFiles.Md5(content), start);
        return (new UploadJob(clip, path, "edgecam", BlobName, BlockSize), content);
    }
}

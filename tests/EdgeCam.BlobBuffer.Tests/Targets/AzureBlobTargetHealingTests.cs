using Azure.Storage;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Tests.Targets;

/// <summary>Storage faults the target heals by itself: a vanished container, a blob committed before a lost confirmation.</summary>
[Trait("Category", "Integration")]
public sealed class AzureBlobTargetHealingTests
{
    private const string BlobName = "cam1/2026/11/21/evt-9mib.mp4";

    [Fact]
    public async Task UploadAsync_ContainerDeletedWhileClipPending_CreatesItAgainAndCommitsWithTheRightMd5()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var logs = new RecordingLoggerProvider();
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var target = new AzureBlobTarget(client, TimeProvider.System, logs.CreateLogger("target"));
        using var temp = new TempDirectory("heal");
        var (job, content) = AzureBlobTargetTests.Job(temp);
        var first = job with { BlobName = "cam1/2026/11/21/first.mp4" };
        await target.UploadAsync(first, CancellationToken.None); // the target now knows the container exists
        await StoredBlobs.Container(azurite, "edgecam").DeleteAsync();

        var receipt = await target.UploadAsync(job, CancellationToken.None);

        var (blob, properties) = await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName);
        Assert.Equal(content, blob);
        Assert.Equal(ClipFiles.Md5(content), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal(BlobName, receipt.BlobName);
        Assert.Equal("Container edgecam of storage account devstoreaccount1 was missing; created it again", Assert.Single(logs.At(LogLevel.Warning)));
    }

    [Fact]
    public async Task UploadAsync_ContainerSasUrlAndContainerDeleted_OneLineAndRetriesUntilItIsBack()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var container = StoredBlobs.Container(azurite, "fromsas");
        await container.CreateAsync();
        var sas = azurite.ContainerSasUri("fromsas", BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1));
        var target = new AzureBlobTarget(new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(sas.AbsoluteUri)));
        using var temp = new TempDirectory("heal");
        var (job, content) = AzureBlobTargetTests.Job(temp);
        await container.DeleteAsync();

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => target.UploadAsync(job, CancellationToken.None));
        await container.CreateAsync();
        await target.UploadAsync(job, CancellationToken.None);

        Assert.Contains("container 'fromsas'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot create it", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, "fromsas", BlobName)).Content);
    }

    [Fact]
    public async Task UploadAsync_AccountSasWithoutCreateAndNoContainer_OneLineSayingItMayNotCreateIt()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        // Objects only: this SAS may write blobs but not create containers.
        var sas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.Write | AccountSasPermissions.Create, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.Blobs, AccountSasResourceTypes.Object)
        {
            Protocol = SasProtocol.HttpsAndHttp,
        };
        var token = sas.ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteProcess.AccountName, AzuriteProcess.AccountKey)).ToString();
        var credential = BlobStorageCredential.ParseConnectionString($"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={token}");
        using var temp = new TempDirectory("heal");
        var (job, _) = AzureBlobTargetTests.Job(temp);

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => new AzureBlobTarget(new AzureBlockBlobClient(credential)).UploadAsync(job, CancellationToken.None));

        Assert.Equal(
            "container 'edgecam' of storage account 'devstoreaccount1' does not exist and the credential may not create it (a SAS without container-create rights); create the container; the clip stays buffered",
            ex.Message);
    }

    [Fact]
    public async Task UploadAsync_BlobAlreadyCommittedWithTheSameMd5_ConfirmedWithoutSendingABlock()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        using var temp = new TempDirectory("heal");
        var (job, content) = AzureBlobTargetTests.Job(temp);
        await new AzureBlobTarget(client).UploadAsync(job, CancellationToken.None); // committed, then the confirmation was lost
        var modifiedBefore = (await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName)).Properties.LastModified;
        var counting = new CountingBlockBlobClient(client);

        var receipt = await new AzureBlobTarget(counting).UploadAsync(job, CancellationToken.None);

        Assert.Equal(0, receipt.BlocksSent);
        Assert.Empty(counting.SentBlockIds);
        Assert.Equal(0, counting.Commits);
        Assert.Equal(BlobName, receipt.BlobName);
        Assert.Equal(ClipFiles.Md5(content), receipt.ContentMd5);
        Assert.Equal(modifiedBefore, (await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName)).Properties.LastModified);
    }

    [Fact]
    public async Task UploadAsync_BlobExistsWithOtherContent_KeepsItAndUploadsBesideItUnderAnMd5Suffix()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var container = StoredBlobs.Container(azurite, "edgecam");
        await container.CreateAsync();
        var other = ClipFiles.Content(5000, seed: 3);
        await container.GetBlobClient(BlobName).UploadAsync(BinaryData.FromBytes(other));
        using var temp = new TempDirectory("heal");
        var (job, content) = AzureBlobTargetTests.Job(temp);
        var target = new AzureBlobTarget(client);

        var receipt = await target.UploadAsync(job, CancellationToken.None);
        var again = await target.UploadAsync(job, CancellationToken.None);

        var suffixed = AzureBlobTarget.WithMd5Suffix(BlobName, ClipFiles.Md5(content));
        Assert.Matches("^cam1/2026/11/21/evt-9mib-[0-9a-f]{8}\\.mp4$", suffixed);
        Assert.Equal(suffixed, receipt.BlobName);
        Assert.Equal(other, (await StoredBlobs.ReadAsync(azurite, "edgecam", BlobName)).Content);
        Assert.Equal(content, (await StoredBlobs.ReadAsync(azurite, "edgecam", suffixed)).Content);
        Assert.Equal(suffixed, again.BlobName);
        Assert.Equal(0, again.BlocksSent);
    }
}

using System.Net;
using Azure;
using Azure.Storage.Blobs;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class AzureBlockBlobClientTests
{
    private const string WrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

    [Fact]
    public async Task CreateContainerIfMissingAsync_ContainerAlreadyExists_Succeeds()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));

        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);
        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);

        Assert.Empty(await client.GetBlockListAsync("edgecam", "cam1/none.mp4", CancellationToken.None));
    }

    [Fact]
    public async Task CreateContainerIfMissingAsync_WrongKey_Throws403WithClearMessageAndNoSecrets()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionStringWithKey(WrongKey)));

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        // Azure answers AuthenticationFailed; Azurite 3.35 answers a bad signature with AuthorizationFailure.
        Assert.Contains(ex.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
        Assert.True(ex.IsAuthenticationFailure);
        Assert.StartsWith($"storage account 'devstoreaccount1' rejected the credentials (403 {ex.ErrorCode}) on Create Container", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check the account key; the clip stays buffered", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain("AAAAAAAA", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitBlockListAsync_UnknownBlockId_ThrowsInvalidBlockList()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);
        var properties = new BlobCommitProperties("video/mp4", null, new Dictionary<string, string>());

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.CommitBlockListAsync("edgecam", "cam1/x.mp4", ["YWJj"], properties, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal("InvalidBlockList", ex.ErrorCode);
        Assert.False(await StoredBlobs.ExistsAsync(azurite, "edgecam", "cam1/x.mp4"));
    }

    [Fact]
    public async Task StageBlockAsync_Md5NotOfTheContent_ServiceRefusesTheBlock()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);
        var block = ClipFiles.Content(70_000, 5);
        var md5OfOtherBytes = ContentMd5.Hash(ClipFiles.Content(70_000, 6));

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.StageBlockAsync("edgecam", "cam1/x.mp4", "YWJj", block, md5OfOtherBytes, null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        // Azure answers Md5Mismatch; Azurite 3.35 answers InvalidOperation "Provided contentMD5 doesn't match.".
        Assert.Contains(ex.ErrorCode, new[] { "Md5Mismatch", "InvalidOperation" });
        Assert.Contains("md5", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(await client.GetBlockListAsync("edgecam", "cam1/x.mp4", CancellationToken.None));
    }

    [Fact]
    public async Task ServiceVersion_Setting_IsWhatAzuriteChecks()
    {
        // Azurite (started without --skipApiVersionCheck) refuses an x-ms-version newer than it knows, like the Blob
        // Storage on IoT Edge module: the pinned default passes, the SDK's own default and a too-new setting do not.
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var credential = BlobStorageCredential.ParseConnectionString(azurite.ConnectionString);
        var sdkDefault = new BlobContainerClient(azurite.ConnectionString, "unpinned");
        var newest = AzureBlockBlobClient.ServiceVersions[^1];

        await new AzureBlockBlobClient(credential).CreateContainerIfMissingAsync("pinned", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => sdkDefault.CreateIfNotExistsAsync());
        var tooNew = await Assert.ThrowsAsync<BlobStorageException>(
            () => new AzureBlockBlobClient(credential, newest).CreateContainerIfMissingAsync("pinned", CancellationToken.None));

        Assert.Equal(AzureBlockBlobClient.DefaultServiceVersion, new AzureBlockBlobClient(credential).ServiceVersion);
        Assert.Equal((400, "InvalidHeaderValue"), (refused.Status, refused.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidHeaderValue"), (tooNew.Status, tooNew.ErrorCode));
        Assert.StartsWith("storage account 'devstoreaccount1' answered Create Container with 400 InvalidHeaderValue", tooNew.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StageBlockAsync_NothingListening_OneLineAfterTheSdkRetries()
    {
        var port = FreePort();
        var credential = BlobStorageCredential.ParseConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
        var client = new AzureBlockBlobClient(credential);

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.StageBlockAsync("edgecam", "cam1/x.mp4", "YWJj", new byte[10], ContentMd5.Hash(new byte[10]), null, CancellationToken.None));

        Assert.Equal((HttpStatusCode)0, ex.Status);
        Assert.StartsWith("storage account 'devstoreaccount1' could not be reached on Stage Block: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

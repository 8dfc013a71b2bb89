using System.Net;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class BlobRestClientTests
{
    private const string WrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

    [Fact]
    public async Task CreateContainerIfMissingAsync_ContainerAlreadyExists_Succeeds()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var http = new HttpClient();
        var client = new BlobRestClient(http, StorageConnectionString.Parse(azurite.ConnectionString), TimeProvider.System);

        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);
        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);

        Assert.Empty(await client.GetBlockListAsync("edgecam", "cam1/none.mp4", CancellationToken.None));
    }

    [Fact]
    public async Task CreateContainerIfMissingAsync_WrongKey_Throws403WithClearMessageAndNoSecrets()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var http = new HttpClient();
        var client = new BlobRestClient(http, StorageConnectionString.Parse(azurite.ConnectionStringWithKey(WrongKey)), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        // Azure answers AuthenticationFailed; Azurite 3.35 answers a bad signature with AuthorizationFailure.
        Assert.Contains(ex.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
        Assert.True(ex.IsAuthenticationFailure);
        Assert.StartsWith($"storage account 'devstoreaccount1' rejected the credentials (403 {ex.ErrorCode}) on Create Container", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check the account key; the clip stays buffered", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAA", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutBlockListAsync_UnknownBlockId_ThrowsInvalidBlockListWithoutRetry()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var http = new HttpClient();
        var client = new BlobRestClient(http, StorageConnectionString.Parse(azurite.ConnectionString), TimeProvider.System);
        await client.CreateContainerIfMissingAsync("edgecam", CancellationToken.None);
        var properties = new BlobCommitProperties("video/mp4", null, new Dictionary<string, string>());

        var ex = await Assert.ThrowsAsync<BlobStorageException>(() => client.PutBlockListAsync("edgecam", "cam1/x.mp4", ["YWJj"], properties, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal("InvalidBlockList", ex.ErrorCode);
    }
}

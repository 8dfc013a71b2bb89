using System.Net;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

/// <summary>The SDK's retry policy is BlobBuffer's only per-request retry: transient answers are retried, 403 is not.</summary>
[Trait("Category", "Integration")]
public sealed class RetryPolicyTests
{
    [Fact]
    public async Task StageBlockAsync_TwoServiceBusyAnswers_SucceedsOnTheThirdRequest()
    {
        await using var endpoint = new ScriptedBlobEndpoint(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));

        await client.StageBlockAsync("edgecam", "cam1/x.mp4", "YWJj", new byte[1000], ContentMd5.Hash(new byte[1000]), null, CancellationToken.None);

        Assert.Equal(3, endpoint.Requests);
    }

    [Fact]
    public async Task StageBlockAsync_AlwaysServiceBusy_GivesUpAfterFourAttemptsWithOneLine()
    {
        await using var endpoint = new ScriptedBlobEndpoint(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));

        var ex = await Assert.ThrowsAsync<BlobStorageException>(
            () => client.StageBlockAsync("edgecam", "cam1/x.mp4", "YWJj", new byte[1000], ContentMd5.Hash(new byte[1000]), null, CancellationToken.None));

        Assert.Equal(4, endpoint.Requests);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "ServerBusy"), (ex.Status, ex.ErrorCode));
        Assert.Equal("storage account 'devstoreaccount1' answered Stage Block with 503 ServerBusy: Service request failed.", ex.Message);
    }

    [Fact]
    public async Task StageBlockAsync_Forbidden_IsNotRetried()
    {
        await using var endpoint = new ScriptedBlobEndpoint(HttpStatusCode.Forbidden);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(endpoint.ConnectionString));

        var ex = await Assert.ThrowsAsync<BlobStorageException>(
            () => client.StageBlockAsync("edgecam", "cam1/x.mp4", "YWJj", new byte[1000], ContentMd5.Hash(new byte[1000]), null, CancellationToken.None));

        Assert.Equal(1, endpoint.Requests);
        Assert.True(ex.IsAuthenticationFailure);
    }
}

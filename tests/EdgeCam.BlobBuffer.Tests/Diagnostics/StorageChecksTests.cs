using EdgeCam.BlobBuffer.Diagnostics;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.BlobBuffer.Tests.Diagnostics;

public class StorageChecksTests
{
    [Fact]
    public void For_NoCredential_NoChecks()
    {
        Assert.Empty(StorageChecks.For(null, " "));
    }

    [Fact]
    public async Task For_MalformedConnectionString_OneFailingLineNamingTheVariables()
    {
        var checks = StorageChecks.For("AccountName", null);

        var result = await Assert.Single(checks).RunAsync(CancellationToken.None);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("not name=value", result.Line, StringComparison.Ordinal);
        Assert.EndsWith($"fix {BlobBufferOptions.ConnectionStringVariable}, {BlobBufferOptions.ContainerSasUrlVariable} or {BlobBufferOptions.ContainerSasFileVariable}.", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_ContainerSasUrl_ChecksItsHostAndPortWithoutTheSignature()
    {
        var checks = StorageChecks.For(null, "https://acct.blob.core.windows.net/clips?sv=2022-11-02&sp=rw&sig=c2VjcmV0");

        Assert.Equal(["storage", "storage-endpoint"], checks.Select(c => c.Name).ToArray());
        var credential = await checks[0].RunAsync(CancellationToken.None);
        Assert.Equal(CheckStatus.Ok, credential.Status);
        Assert.Contains("https://acct.blob.core.windows.net/", credential.Line, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", credential.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_DevelopmentStorageWithNothingListening_EndpointCheckFailsOnAzuritePort()
    {
        var checks = StorageChecks.For("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;", null);

        var endpoint = await checks[1].RunAsync(CancellationToken.None);
        Assert.Equal(CheckStatus.Fail, endpoint.Status);
        Assert.StartsWith("127.0.0.1:1 refused", endpoint.Line, StringComparison.Ordinal);
    }
}

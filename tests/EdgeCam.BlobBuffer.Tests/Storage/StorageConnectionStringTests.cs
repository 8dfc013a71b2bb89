using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Parse_UseDevelopmentStorage_GivesAzuriteDefaults()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_AccountWithoutEndpoint_BuildsHttpsEndpointFromSuffix()
    {
        var parsed = StorageConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=edgecamfleet;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://edgecamfleet.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Parse_ExplicitBlobEndpoint_UsesItWithoutTrailingSlash()
    {
        var parsed = StorageConnectionString.Parse("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:5000/devstoreaccount1/;");

        Assert.Equal("http://127.0.0.1:5000/devstoreaccount1", parsed.BlobEndpoint.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("/devstoreaccount1", parsed.BlobEndpoint.AbsolutePath);
    }

    [Fact]
    public void Parse_BadKey_ThrowsWithoutShowingTheKey()
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=acct;AccountKey=not*base64!"));

        Assert.Contains("AccountKey of storage account 'acct'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64!", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingAccountKey_NamesIt()
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=acct"));

        Assert.Contains("AccountKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Always_LeavesTheKeyOut()
    {
        var parsed = StorageConnectionString.Parse("AccountName=acct;AccountKey=c2VjcmV0LWtleQ==");

        Assert.DoesNotContain("c2VjcmV0LWtleQ", parsed.ToString(), StringComparison.Ordinal);
    }
}

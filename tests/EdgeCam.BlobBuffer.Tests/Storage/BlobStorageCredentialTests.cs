using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class BlobStorageCredentialTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2hvd24=";
    private const string Signature = "c2lnbmF0dXJlLW5vdC10by1iZS1zaG93bg%3D%3D";

    [Fact]
    public void ParseConnectionString_UseDevelopmentStorage_IsTheAzuriteAccount()
    {
        var credential = BlobStorageCredential.ParseConnectionString("UseDevelopmentStorage=true");

        Assert.Equal(("devstoreaccount1", BlobCredentialKind.AccountKey, null), (credential.AccountName, credential.Kind, credential.Container));
    }

    [Fact]
    public void ParseConnectionString_AccountKey_NamesTheAccountAndNeverShowsTheKey()
    {
        var credential = BlobStorageCredential.ParseConnectionString($"DefaultEndpointsProtocol=https;AccountName=edgecamfleet;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(("edgecamfleet", BlobCredentialKind.AccountKey), (credential.AccountName, credential.Kind));
        Assert.DoesNotContain("c2VjcmV0", credential.ToString(), StringComparison.Ordinal);
        Assert.Equal("check the account key", credential.CredentialCheck);
    }

    [Fact]
    public void ParseConnectionString_SharedAccessSignature_IsASasCredential()
    {
        var credential = BlobStorageCredential.ParseConnectionString($"BlobEndpoint=https://edgecamfleet.blob.core.windows.net/;SharedAccessSignature=sv=2019-07-07&ss=b&srt=co&sp=rwc&se=2027-01-01T00:00:00Z&sig={Signature}");

        Assert.Equal(("edgecamfleet", BlobCredentialKind.SasConnectionString), (credential.AccountName, credential.Kind));
        Assert.StartsWith("check the SAS", credential.CredentialCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseContainerSasUrl_PathStyleEmulatorUrl_FixesAccountAndContainer()
    {
        var credential = BlobStorageCredential.ParseContainerSasUrl($"http://127.0.0.1:10000/devstoreaccount1/clips?sv=2019-07-07&sr=c&sp=rw&se=2027-01-01T00%3A00%3A00Z&sig={Signature}");

        Assert.Equal(("devstoreaccount1", "clips", BlobCredentialKind.ContainerSasUrl), (credential.AccountName, credential.Container, credential.Kind));
        Assert.DoesNotContain("c2lnbmF0", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ParseContainerSasUrl_WriteOnlySas_CannotReadAndKnowsItsExpiry()
    {
        var credential = BlobStorageCredential.ParseContainerSasUrl($"https://edgecamfleet.blob.core.windows.net/clips?sv=2019-07-07&sr=c&sp=cw&se=2027-01-01T00%3A00%3A00Z&sig={Signature}");

        Assert.False(credential.CanRead);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), credential.ExpiresOn);
        Assert.Equal("check the SAS: its permissions (c and w, or r and w), its expiry (2027-01-01 00:00:00Z) and the device clock", credential.CredentialCheck);
    }

    [Fact]
    public void ParseConnectionString_SharedAccessSignatureWithRead_CanReadAndKnowsItsExpiry()
    {
        var credential = BlobStorageCredential.ParseConnectionString($"BlobEndpoint=https://edgecamfleet.blob.core.windows.net/;SharedAccessSignature=sv=2019-07-07&ss=b&srt=co&sp=rwc&se=2027-01-01&sig={Signature}");

        Assert.True(credential.CanRead);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), credential.ExpiresOn);
    }

    [Fact]
    public void ParseConnectionString_AccountKey_CanReadAndNeverExpires()
    {
        var credential = BlobStorageCredential.ParseConnectionString($"AccountName=acct;AccountKey={Key}");

        Assert.True(credential.CanRead);
        Assert.Null(credential.ExpiresOn);
    }

    [Theory]
    [InlineData("AccountName=acct;AccountKey=not*base64!", "the AccountKey of storage account 'acct' is not valid base64.")]
    [InlineData("AccountName=acct", "the storage connection string for account 'acct' has no AccountKey (or SharedAccessSignature).")]
    [InlineData("AccountKey=" + Key, "the storage connection string has no AccountName (or SharedAccessSignature, or UseDevelopmentStorage=true).")]
    [InlineData("AccountName=acct;AccountKey", "the storage connection string has a part that is not name=value (part 2).")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";BlobEndpoint=ftp://x/", "the BlobEndpoint of the storage connection string is not an absolute http(s) URL.")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";SharedAccessSignature=sv=1&sig=" + Signature, "the storage connection string has both AccountKey and SharedAccessSignature; keep one.")]
    [InlineData("BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=2019-07-07&sp=rw", "the SharedAccessSignature of the storage connection string has no signature (sig=…).")]
    [InlineData("SharedAccessSignature=sv=2019-07-07&sig=" + Signature, "the storage connection string has a SharedAccessSignature but no BlobEndpoint.")]
    public void ParseConnectionString_Malformed_OneLineNamingTheProblemWithoutSecrets(string connectionString, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BlobStorageCredential.ParseConnectionString(connectionString));

        Assert.Equal(expected, ex.Message);
        Assert.DoesNotContain("c2VjcmV0", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2lnbmF0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", "the container SAS URL is not an absolute http(s) URL.")]
    [InlineData("https://acct.blob.core.windows.net/?sv=2019-07-07&sig=" + Signature, "the container SAS URL for account 'acct' names no container (expected …/<container>?sv=…&sig=…).")]
    [InlineData("https://acct.blob.core.windows.net/clips/cam1/a.mp4?sv=2019-07-07&sig=" + Signature, "the container SAS URL for account 'acct' names a blob ('cam1/a.mp4'); give the container's URL.")]
    [InlineData("https://acct.blob.core.windows.net/clips?sv=2019-07-07&sp=rw", "the container SAS URL for container 'clips' has no signature (sig=…).")]
    public void ParseContainerSasUrl_Malformed_OneLineNamingTheProblemWithoutSecrets(string url, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BlobStorageCredential.ParseContainerSasUrl(url));

        Assert.Equal(expected, ex.Message);
        Assert.DoesNotContain("c2lnbmF0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_BothSettings_AsksToKeepOne()
    {
        var ex = Assert.Throws<FormatException>(() => BlobStorageCredential.From("UseDevelopmentStorage=true", "https://acct.blob.core.windows.net/clips?sig=" + Signature));

        Assert.Equal("both a storage connection string and a container SAS URL are set; keep one.", ex.Message);
    }

    [Fact]
    public void From_NeitherSetting_IsNoCredential()
    {
        Assert.Null(BlobStorageCredential.From(null, " "));
    }
}

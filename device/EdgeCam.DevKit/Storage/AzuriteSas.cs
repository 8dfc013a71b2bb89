using Azure.Storage;
using Azure.Storage.Sas;

namespace EdgeCam.DevKit.Storage;

/// <summary>
/// SAS credentials for the development account of an <see cref="AzuriteProcess"/>, signed with its well-known key by
/// Azure.Storage.Blobs, so the demo and the tests can use SAS exactly as a device would with a real account.
/// </summary>
public static class AzuriteSas
{
    /// <summary>A container SAS URL (<c>http://127.0.0.1:port/devstoreaccount1/container?sv=…&amp;sig=…</c>).</summary>
    public static Uri ContainerSasUri(this AzuriteProcess azurite, string container, BlobContainerSasPermissions permissions, DateTimeOffset expiresOn)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var sas = new BlobSasBuilder(permissions, expiresOn) { BlobContainerName = container, Protocol = SasProtocol.HttpsAndHttp };
        return new Uri($"{azurite.BlobEndpoint}/{container}?{Sign(sas)}");
    }

    /// <summary>
    /// A SAS for one blob (<c>sr=b</c>), as IoT Hub's file upload hands out: the query only (<c>sv=…&amp;sig=…</c>, no
    /// leading '?'). <paramref name="accountKey"/> signs it (default: the development account's key; another key makes a
    /// SAS Azurite refuses).
    /// </summary>
    public static string BlobSas(string container, string blobName, BlobSasPermissions permissions, DateTimeOffset expiresOn, string? accountKey = null)
    {
        var sas = new BlobSasBuilder(permissions, expiresOn) { BlobContainerName = container, BlobName = blobName, Resource = "b", Protocol = SasProtocol.HttpsAndHttp };
        return sas.ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteProcess.AccountName, accountKey ?? AzuriteProcess.AccountKey)).ToString();
    }

    /// <summary>A connection string carrying an account SAS (<c>BlobEndpoint=…;SharedAccessSignature=…</c>), no key.</summary>
    public static string SasConnectionString(this AzuriteProcess azurite, AccountSasPermissions permissions, DateTimeOffset expiresOn)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var sas = new AccountSasBuilder(permissions, expiresOn, AccountSasServices.Blobs, AccountSasResourceTypes.All) { Protocol = SasProtocol.HttpsAndHttp };
        var token = sas.ToSasQueryParameters(Credential()).ToString();
        return $"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={token}";
    }

    private static string Sign(BlobSasBuilder sas) => sas.ToSasQueryParameters(Credential()).ToString();

    private static StorageSharedKeyCredential Credential() => new(AzuriteProcess.AccountName, AzuriteProcess.AccountKey);
}

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

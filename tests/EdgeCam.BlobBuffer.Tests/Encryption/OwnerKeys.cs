using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.DevKit.Storage;

namespace EdgeCam.BlobBuffer.Tests.Encryption;

/// <summary>Owner key pairs made for a test, and downloads through Azure.Storage.Blobs' own client-side decryption.</summary>
internal static class OwnerKeys
{
    /// <summary>A fresh 2048-bit pair as PEM (public SubjectPublicKeyInfo, private PKCS#8).</summary>
    public static (string PublicPem, string PrivatePem) Create()
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportSubjectPublicKeyInfoPem(), rsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Downloads a blob with the SDK's client-side decryption v2.0; the resolver answers with <paramref name="privatePem"/>'s
    /// key whatever id the blob names (so a wrong key is tried, not refused by name), or there is none when null.
    /// </summary>
    public static async Task<byte[]> DownloadDecryptedAsync(AzuriteProcess azurite, string container, string blobName, string? privatePem)
    {
        var encryption = new ClientSideEncryptionOptions(ClientSideEncryptionVersion.V2_0) { KeyWrapAlgorithm = EncryptionFormat.KeyWrapAlgorithm };
        if (privatePem is not null)
        {
            encryption.KeyResolver = new AnyIdResolver(OwnerPrivateKey.FromPem(privatePem));
        }

        var options = new SpecializedBlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05) { ClientSideEncryption = encryption };
        var blob = new BlobContainerClient(azurite.ConnectionString, container, options).GetBlobClient(blobName);
        using var content = new MemoryStream();
        await blob.DownloadToAsync(content);
        return content.ToArray();
    }

    private sealed class AnyIdResolver(OwnerPrivateKey key) : Azure.Core.Cryptography.IKeyEncryptionKeyResolver
    {
        public Azure.Core.Cryptography.IKeyEncryptionKey Resolve(string keyId, CancellationToken cancellationToken = default) => key;

        public Task<Azure.Core.Cryptography.IKeyEncryptionKey> ResolveAsync(string keyId, CancellationToken cancellationToken = default) =>
            Task.FromResult<Azure.Core.Cryptography.IKeyEncryptionKey>(key);
    }
}

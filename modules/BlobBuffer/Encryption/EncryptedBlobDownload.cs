using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace EdgeCam.BlobBuffer.Encryption;

/// <summary>
/// The owner's side: downloads an encrypted blob with Azure.Storage.Blobs' own client-side decryption (v2.0, the owner's
/// private key behind a key resolver), so what EdgeCam wrote is read back by the SDK, not by EdgeCam's code.
/// </summary>
public static class EncryptedBlobDownload
{
    /// <summary>
    /// Downloads <paramref name="blobUri"/> (which carries its own SAS, such as a read link) decrypted into
    /// <paramref name="outputPath"/>; returns the blob's <c>plaintextmd5</c> metadata (null when it has none).
    /// </summary>
    /// <exception cref="InvalidDataException">The blob is not encrypted, or not for this key.</exception>
    public static async Task<string?> DownloadAsync(Uri blobUri, OwnerPrivateKey key, string outputPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobUri);
        ArgumentNullException.ThrowIfNull(key);
        var plain = new BlobClient(blobUri, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2019_07_07));
        IDictionary<string, string> metadata;
        try
        {
            metadata = (await plain.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
        }
        catch (RequestFailedException ex)
        {
            throw new InvalidDataException($"the blob cannot be read: {ex.Status} {ex.ErrorCode} (the URL needs a SAS that may read it, such as a read link)", ex);
        }

        if (!metadata.ContainsKey(EncryptionFormat.MetadataName))
        {
            throw new InvalidDataException($"the blob has no {EncryptionFormat.MetadataName} metadata: it is not encrypted");
        }

        var options = new SpecializedBlobClientOptions(BlobClientOptions.ServiceVersion.V2019_07_07)
        {
            ClientSideEncryption = new ClientSideEncryptionOptions(ClientSideEncryptionVersion.V2_0)
            {
                KeyResolver = new OwnerKeyResolver(key),
                KeyWrapAlgorithm = EncryptionFormat.KeyWrapAlgorithm,
            },
        };
        await new BlobClient(blobUri, options).DownloadToAsync(outputPath, cancellationToken);
        return metadata.TryGetValue(EncryptedContent.PlaintextMd5Metadata, out var md5) ? md5 : null;
    }
}

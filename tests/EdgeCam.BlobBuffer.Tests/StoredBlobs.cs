using Azure.Storage.Blobs;
using EdgeCam.DevKit.Storage;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Reads what a test uploaded straight from Azurite with Azure.Storage.Blobs, independently of the module.</summary>
internal static class StoredBlobs
{
    /// <summary>A service version Azurite 3.35 accepts (the SDK's default is newer than Azurite knows).</summary>
    public static readonly BlobClientOptions Options = new(BlobClientOptions.ServiceVersion.V2025_11_05);

    public static BlobContainerClient Container(AzuriteProcess azurite, string container) => new(azurite.ConnectionString, container, Options);

    public static async Task<(byte[] Content, Azure.Storage.Blobs.Models.BlobProperties Properties)> ReadAsync(AzuriteProcess azurite, string container, string blobName)
    {
        var blob = Container(azurite, container).GetBlobClient(blobName);
        var content = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var properties = (await blob.GetPropertiesAsync()).Value;
        return (content, properties);
    }

    public static async Task<bool> ExistsAsync(AzuriteProcess azurite, string container, string blobName) =>
        (await Container(azurite, container).GetBlobClient(blobName).ExistsAsync()).Value;
}

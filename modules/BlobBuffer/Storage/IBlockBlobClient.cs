namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// The small subset of Blob storage the uploader needs. This is the one seam where Azure.Storage.Blobs
/// (BlockBlobClient.StageBlock / GetBlockList / CommitBlockList) could replace EdgeCam's own REST client.
/// </summary>
public interface IBlockBlobClient
{
    /// <summary>The storage account (safe to log).</summary>
    string AccountName { get; }

    /// <summary>The blob's URL, without credentials.</summary>
    Uri BlobUri(string container, string blobName);

    /// <summary>Creates the container; an existing one is fine.</summary>
    Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken);

    /// <summary>Stages one block. <paramref name="contentMd5"/> is checked by the service for this transfer only.</summary>
    Task PutBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> content, string? contentMd5, CancellationToken cancellationToken);

    /// <summary>The committed and uncommitted blocks of a blob; empty when the blob does not exist yet.</summary>
    Task<IReadOnlyList<BlockInfo>> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken);

    /// <summary>Commits the blob from <paramref name="blockIds"/> (each the latest staged or committed version).</summary>
    Task PutBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, BlobCommitProperties properties, CancellationToken cancellationToken);
}

/// <summary>A block of a blob as Get Block List reports it.</summary>
public sealed record BlockInfo(string Id, long SizeBytes, bool IsCommitted);

/// <summary>Properties set when a blob is committed.</summary>
/// <param name="ContentType">Stored as the blob's Content-Type.</param>
/// <param name="ContentMd5">Base64 MD5 of the whole blob, stored as its Content-MD5.</param>
/// <param name="Metadata">Stored as <c>x-ms-meta-*</c>; names must be C# identifiers, values ASCII.</param>
public sealed record BlobCommitProperties(string ContentType, string? ContentMd5, IReadOnlyDictionary<string, string> Metadata);

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// The small subset of Blob storage the uploader needs, and the one seam behind which Azure.Storage.Blobs lives
/// (<see cref="AzureBlockBlobClient"/>). Failures are <see cref="BlobStorageException"/>s with one clear line.
/// </summary>
public interface IBlockBlobClient
{
    /// <summary>The storage account (safe to log).</summary>
    string AccountName { get; }

    /// <summary>The container the credential is limited to (a container SAS URL), or null when any container may be used.</summary>
    string? ScopedContainer { get; }

    /// <summary>
    /// Why blobs are committed without their index tags (a service version before tags, a credential that may not set
    /// them), or null while tags are set.
    /// </summary>
    string? TagsOff => null;

    /// <summary>
    /// Whether the credential may read (Get Blob Properties, Get Block List). False for a write-only SAS: the uploader
    /// then knows what is staged from its own journal and commits only if the blob is new.
    /// </summary>
    bool CanRead { get; }

    /// <summary>The blob's URL, without credentials.</summary>
    Uri BlobUri(string container, string blobName);

    /// <summary>Creates the container; an existing one is fine.</summary>
    Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken);

    /// <summary>
    /// Stages one block; the service checks <paramref name="contentMd5"/> (16 bytes) for this transfer.
    /// <paramref name="progress"/> hears the bytes sent so far (a stall watchdog's sign of life).
    /// </summary>
    Task StageBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>The committed blob under <paramref name="blobName"/>, or null when none is committed (staged blocks do not count).</summary>
    Task<CommittedBlob?> GetCommittedBlobAsync(string container, string blobName, CancellationToken cancellationToken);

    /// <summary>The committed and uncommitted blocks of a blob; empty when the blob does not exist yet.</summary>
    Task<IReadOnlyList<BlockInfo>> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the blob from <paramref name="blockIds"/> (each the latest staged or committed version). With
    /// <see cref="BlobCommitProperties.OnlyIfNew"/> an existing blob is left as it is and the commit fails with
    /// <see cref="BlobStorageException.IsBlobAlreadyExists"/>.
    /// </summary>
    Task CommitBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, BlobCommitProperties properties, CancellationToken cancellationToken);
}

/// <summary>A committed blob as Get Blob Properties reports it.</summary>
/// <param name="SizeBytes">Its length.</param>
/// <param name="ContentMd5">Its Content-MD5 in base64, or null when it has none.</param>
/// <param name="Metadata">Its metadata (<c>x-ms-meta-*</c>), or null when not read.</param>
public sealed record CommittedBlob(long SizeBytes, string? ContentMd5, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>A block of a blob as Get Block List reports it.</summary>
public sealed record BlockInfo(string Id, long SizeBytes, bool IsCommitted);

/// <summary>Properties set when a blob is committed.</summary>
/// <param name="ContentType">Stored as the blob's Content-Type.</param>
/// <param name="ContentMd5">Base64 MD5 of the whole blob, stored as its Content-MD5.</param>
/// <param name="Metadata">Stored as <c>x-ms-meta-*</c>; names must be C# identifiers, values ASCII.</param>
public sealed record BlobCommitProperties(string ContentType, string? ContentMd5, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Blob index tags (<c>x-ms-tags</c>), set in the same request as the commit so no moment exists without them.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The access tier (<c>x-ms-access-tier</c>: Hot, Cool, Cold, Archive), or null for the account default.</summary>
    public string? AccessTier { get; init; }

    /// <summary>Commit only if no blob has the name (<c>If-None-Match: *</c>): never overwrite what cannot be read first.</summary>
    public bool OnlyIfNew { get; init; }
}

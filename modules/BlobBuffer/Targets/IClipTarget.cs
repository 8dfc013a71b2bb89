using EdgeCam.BlobBuffer.Store;

namespace EdgeCam.BlobBuffer.Targets;

/// <summary>Where confirmed clips go: Azure Blob Storage, or a local folder when no storage is configured.</summary>
public interface IClipTarget
{
    /// <summary>Describes the target for logs and reports (no credentials).</summary>
    string Description { get; }

    /// <summary>Uploads the clip and returns once the target confirmed it; a failure throws and the clip stays buffered.</summary>
    Task<TargetReceipt> UploadAsync(UploadJob job, CancellationToken cancellationToken);
}

/// <summary>One clip to upload.</summary>
/// <param name="Clip">The buffered clip.</param>
/// <param name="FilePath">Its file in the store.</param>
/// <param name="Container">The container (or top folder) from the settings.</param>
/// <param name="BlobName">The blob name (<see cref="Upload.BlobNaming"/>).</param>
/// <param name="BlockSizeBytes">The block size from the settings.</param>
/// <param name="StallTimeout">Abort the transfer after this long without progress; null: never.</param>
/// <param name="Staged">
/// The clip's durable record of staged blocks and commits (<see cref="ClipStore.StagedBlocksOf"/>), used when the credential
/// cannot read; null: an in-memory record, so a restart sends every block again.
/// </param>
public sealed record UploadJob(BufferedClip Clip, string FilePath, string Container, string BlobName, int BlockSizeBytes, TimeSpan? StallTimeout = null, StagedBlocks? Staged = null)
{
    /// <summary>Blob index tags to commit with (Archive/BlobIndexTags); a local folder ignores them.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The access tier to commit in, or null for the account default; a local folder ignores it.</summary>
    public string? AccessTier { get; init; }

    /// <summary>
    /// Awaited before each block is sent, with its length, something to tell that the transfer is alive, and the
    /// attempt's token: paces footage to its cap and stops it (by throwing) when something that goes first arrived.
    /// Null: nothing to wait for.
    /// </summary>
    public Func<int, IProgress<long>, CancellationToken, Task>? BeforeBlock { get; init; }
}

/// <summary>What the target confirmed.</summary>
/// <param name="Location">A blob URL without credentials, or the local file path.</param>
/// <param name="BlobName">The blob name inside the container.</param>
/// <param name="SizeBytes">Bytes committed.</param>
/// <param name="ContentMd5">Base64 MD5 the target stored.</param>
/// <param name="BlocksSent">Blocks sent in this attempt (fewer than the total when an earlier attempt was resumed).</param>
public sealed record TargetReceipt(string Location, string BlobName, long SizeBytes, string ContentMd5, int BlocksSent);

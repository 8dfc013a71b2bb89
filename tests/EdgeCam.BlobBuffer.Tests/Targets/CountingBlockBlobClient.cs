using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Tests.Targets;

/// <summary>Passes calls to a real client and records which blocks were sent; can stop after a number of blocks (a "crash").</summary>
internal sealed class CountingBlockBlobClient : IBlockBlobClient
{
    private readonly IBlockBlobClient _inner;

    public CountingBlockBlobClient(IBlockBlobClient inner, int? failAfterBlocks = null)
    {
        _inner = inner;
        FailAfterBlocks = failAfterBlocks;
    }

    public int? FailAfterBlocks { get; set; }

    public List<string> SentBlockIds { get; } = [];

    public int Commits { get; private set; }

    public string AccountName => _inner.AccountName;

    public string? ScopedContainer => _inner.ScopedContainer;

    public bool CanRead => _inner.CanRead;

    /// <summary>Commits, then throws as if the answer had been lost on the way back (a crash or a dropped link).</summary>
    public bool LoseCommitAnswer { get; set; }

    public Uri BlobUri(string container, string blobName) => _inner.BlobUri(container, blobName);

    public Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken) =>
        _inner.CreateContainerIfMissingAsync(container, cancellationToken);

    public async Task StageBlockAsync(string container, string blobName, string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (FailAfterBlocks is { } limit && SentBlockIds.Count >= limit)
        {
            throw new HttpRequestException("simulated power loss during upload");
        }

        await _inner.StageBlockAsync(container, blobName, blockId, content, contentMd5, progress, cancellationToken);
        SentBlockIds.Add(blockId);
    }

    public Task<CommittedBlob?> GetCommittedBlobAsync(string container, string blobName, CancellationToken cancellationToken) =>
        _inner.GetCommittedBlobAsync(container, blobName, cancellationToken);

    public Task<IReadOnlyList<BlockInfo>> GetBlockListAsync(string container, string blobName, CancellationToken cancellationToken) =>
        _inner.GetBlockListAsync(container, blobName, cancellationToken);

    public async Task CommitBlockListAsync(string container, string blobName, IReadOnlyList<string> blockIds, BlobCommitProperties properties, CancellationToken cancellationToken)
    {
        Commits++;
        await _inner.CommitBlockListAsync(container, blobName, blockIds, properties, cancellationToken);
        if (LoseCommitAnswer)
        {
            throw new HttpRequestException("simulated loss of the commit's answer");
        }
    }
}

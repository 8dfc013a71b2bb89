using System.Buffers;
using System.Globalization;
using System.Text;
using EdgeCam.BlobBuffer.Storage;

namespace EdgeCam.BlobBuffer.Targets;

/// <summary>
/// Uploads a clip as a block blob: stages fixed-size blocks, skipping those an interrupted attempt already staged with the
/// right size (each with a transactional MD5), checks the whole-file MD5, then commits the block list with that MD5 as the
/// blob's Content-MD5. Nothing is committed unless every byte matched. A container SAS URL fixes the container.
/// </summary>
public sealed class AzureBlobTarget : IClipTarget
{
    /// <summary>The most committed blocks a blob can have.</summary>
    public const int MaxBlocksPerBlob = 50_000;

    private readonly IBlockBlobClient _client;
    private readonly HashSet<string> _knownContainers = new(StringComparer.Ordinal);

    public AzureBlobTarget(IBlockBlobClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public string Description => $"storage account '{_client.AccountName}'";

    /// <summary>
    /// The id of block <paramref name="index"/>: base64 of a fixed-width string, so all ids of a blob have the same length.
    /// The block size is part of it, so blocks staged with another size are never mistaken for these.
    /// </summary>
    public static string BlockId(int blockSizeBytes, int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{blockSizeBytes:x8}-{index:d6}")));

    public async Task<TargetReceipt> UploadAsync(UploadJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var clip = job.Clip;
        var blockCount = (int)Math.Max(1, (clip.SizeBytes + job.BlockSizeBytes - 1) / job.BlockSizeBytes);
        if (blockCount > MaxBlocksPerBlob)
        {
            throw new InvalidOperationException($"clip {clip.CameraId}/{clip.EventId} needs {blockCount} blocks of {job.BlockSizeBytes} bytes; a blob holds at most {MaxBlocksPerBlob}. Raise blockSizeBytes.");
        }

        var container = _client.ScopedContainer ?? job.Container;
        if (_knownContainers.Add(container))
        {
            try
            {
                await _client.CreateContainerIfMissingAsync(container, cancellationToken);
            }
            catch
            {
                _knownContainers.Remove(container);
                throw;
            }
        }

        var staged = (await _client.GetBlockListAsync(container, job.BlobName, cancellationToken))
            .GroupBy(b => b.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(b => b.SizeBytes).ToHashSet(), StringComparer.Ordinal);

        var ids = new List<string>(blockCount);
        var sent = 0;
        using var wholeMd5 = ContentMd5.Create();
        var buffer = ArrayPool<byte>.Shared.Rent(job.BlockSizeBytes);
        try
        {
            using var file = File.OpenHandle(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            long offset = 0;
            for (var index = 0; index < blockCount; index++)
            {
                var length = ReadBlock(file, buffer.AsMemory(0, job.BlockSizeBytes), offset);
                var block = buffer.AsMemory(0, length);
                wholeMd5.AppendData(block.Span);
                var id = BlockId(job.BlockSizeBytes, index);
                ids.Add(id);
                if (!(staged.TryGetValue(id, out var sizes) && sizes.Contains(length)))
                {
                    await _client.StageBlockAsync(container, job.BlobName, id, block, ContentMd5.Hash(block.Span), cancellationToken);
                    sent++;
                }

                offset += length;
            }

            var md5 = Convert.ToBase64String(wholeMd5.GetHashAndReset());
            if (offset != clip.SizeBytes || md5 != clip.ContentMd5)
            {
                throw new InvalidDataException($"buffered clip {clip.CameraId}/{clip.EventId} changed on disk ({offset} bytes, MD5 {md5}; accepted as {clip.SizeBytes} bytes, MD5 {clip.ContentMd5}); not committed.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["camera"] = clip.CameraId,
            ["event"] = clip.EventId,
        };
        await _client.CommitBlockListAsync(container, job.BlobName, ids, new BlobCommitProperties("video/mp4", clip.ContentMd5, metadata), cancellationToken);
        return new TargetReceipt(_client.BlobUri(container, job.BlobName).AbsoluteUri, job.BlobName, clip.SizeBytes, clip.ContentMd5, sent);
    }

    private static int ReadBlock(Microsoft.Win32.SafeHandles.SafeFileHandle file, Memory<byte> block, long offset)
    {
        var total = 0;
        while (total < block.Length)
        {
            var read = RandomAccess.Read(file, block.Span[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}

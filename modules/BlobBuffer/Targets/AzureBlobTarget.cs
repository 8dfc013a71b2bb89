using System.Buffers;
using System.Globalization;
using System.Text;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Targets;

/// <summary>
/// Uploads a clip as a block blob: stages fixed-size blocks, skipping those an interrupted attempt already staged with the
/// right size (each with a transactional MD5), checks the whole-file MD5, then commits the block list with that MD5 as the
/// blob's Content-MD5. Nothing is committed unless every byte matched. A container SAS URL fixes the container.
/// A blob already committed with the clip's MD5 is confirmed without sending; one with other content is kept and the clip
/// goes beside it (<see cref="WithMd5Suffix"/>). A credential that cannot read (a write-only SAS) skips the reads: the
/// clip's own record (<see cref="StagedBlocks"/>) says what is staged, and the commit only creates (If-None-Match: *).
/// A missing container is created again when the credential may;
/// a transfer without progress for the job's stall timeout is aborted (<see cref="TransferStalledException"/>).
/// </summary>
public sealed partial class AzureBlobTarget : IClipTarget
{
    /// <summary>The most committed blocks a blob can have.</summary>
    public const int MaxBlocksPerBlob = 50_000;

    private readonly IBlockBlobClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HashSet<string> _knownContainers = new(StringComparer.Ordinal);
    private bool _tagsOffLogged;

    /// <param name="client">The storage seam.</param>
    /// <param name="timeProvider">The clock of the stall watchdog (default: the system clock).</param>
    /// <param name="logger">Logs a container created again and a blob name already taken (default: none).</param>
    public AzureBlobTarget(IBlockBlobClient client, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Description => $"storage account '{_client.AccountName}'";

    /// <summary>Why blobs are committed without index tags, or null while they get them (reported as <c>buffer.tagsOff</c>).</summary>
    public string? TagsOff => _client.TagsOff;

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
        using var watchdog = new TransferWatchdog(job.StallTimeout, _timeProvider, cancellationToken);
        try
        {
            await EnsureContainerAsync(container, watchdog);
            try
            {
                return await UploadOnceAsync(job, container, blockCount, watchdog);
            }
            catch (BlobStorageException ex) when (ex.IsContainerNotFound)
            {
                // Deleted since we last looked (an emulator restarted, a hand on the portal): create it again, once per attempt.
                _knownContainers.Remove(container);
                if (_client.ScopedContainer is not null)
                {
                    throw ContainerMissing(container, "the container SAS URL cannot create it", ex);
                }

                await EnsureContainerAsync(container, watchdog);
                LogContainerCreatedAgain(_logger, container, _client.AccountName);
                return await UploadOnceAsync(job, container, blockCount, watchdog);
            }
        }
        catch (BlobStorageException ex) when (ex.IsContainerNotFound)
        {
            _knownContainers.Remove(container);
            throw ContainerMissing(container, "the credential may not create it (a SAS without container-create rights)", ex);
        }
        catch (Exception ex) when (watchdog.IsStalled && !cancellationToken.IsCancellationRequested)
        {
            _knownContainers.Remove(container);
            throw new TransferStalledException(
                $"storage account '{_client.AccountName}' stalled on {watchdog.Operation}: no progress for {watchdog.StallTimeout!.Value.TotalSeconds:0.#} s (stallTimeoutSeconds); the transfer was aborted and will be retried",
                ex);
        }
    }

    private async Task EnsureContainerAsync(string container, TransferWatchdog watchdog)
    {
        if (_knownContainers.Add(container))
        {
            try
            {
                watchdog.Starting("Create Container");
                await _client.CreateContainerIfMissingAsync(container, watchdog.Token);
            }
            catch
            {
                _knownContainers.Remove(container);
                throw;
            }
        }
    }

    private async Task<TargetReceipt> UploadOnceAsync(UploadJob job, string container, int blockCount, TransferWatchdog watchdog)
    {
        if (!_client.CanRead)
        {
            return await UploadWithoutReadingAsync(job, container, blockCount, watchdog);
        }

        var clip = job.Clip;
        var blobName = job.BlobName;
        watchdog.Starting("Get Blob Properties");
        var existing = await _client.GetCommittedBlobAsync(container, blobName, watchdog.Token);
        if (existing is not null && !IsThisClip(existing, clip))
        {
            // Another clip holds the name (an event id reused after a reset?): keep it, and store this one beside it.
            var taken = blobName;
            blobName = WithMd5Suffix(blobName, clip.ContentMd5);
            watchdog.Starting("Get Blob Properties");
            existing = await _client.GetCommittedBlobAsync(container, blobName, watchdog.Token);
            if (existing is not null && !IsThisClip(existing, clip))
            {
                throw new InvalidDataException($"blobs '{taken}' and '{blobName}' in container '{container}' both hold other content than clip {clip.CameraId}/{clip.EventId} (MD5 {clip.ContentMd5}); nothing overwritten. Move one of them away.");
            }

            LogNameTaken(_logger, taken, container, existing?.ContentMd5 ?? "none", blobName);
        }

        if (existing is not null)
        {
            // Committed before (a confirmation lost in a crash, or the clip handed in again): it is already there, nothing
            // to send; the receipt names what is stored.
            return Receipt(container, blobName, clip, 0) with { ContentMd5 = existing.ContentMd5 ?? clip.ContentMd5 };
        }

        watchdog.Starting("Get Block List");
        var staged = (await _client.GetBlockListAsync(container, blobName, watchdog.Token))
            .GroupBy(b => b.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(b => b.SizeBytes).ToHashSet(), StringComparer.Ordinal);
        var (ids, sent) = await StageAsync(job, container, blobName, blockCount, (id, length) => staged.TryGetValue(id, out var sizes) && sizes.Contains(length), onStaged: null, watchdog);
        await CommitAsync(container, blobName, ids, CommitProperties(job), watchdog);
        return Receipt(container, blobName, clip, sent);
    }

    // A credential that cannot read (a write-only SAS): what is staged comes from the clip's own record, and the commit
    // only creates (If-None-Match: *). "Exists" then means our own earlier commit whose answer was lost (a commit of this
    // name was sent before, or the SDK's retry met its first attempt's commit), or else someone else's blob, which is kept.
    private async Task<TargetReceipt> UploadWithoutReadingAsync(UploadJob job, string container, int blockCount, TransferWatchdog watchdog)
    {
        var clip = job.Clip;
        using var inMemory = job.Staged is null ? new StagedBlocks(path: null) : null;
        var record = job.Staged ?? inMemory!;
        var suffixed = WithMd5Suffix(job.BlobName, clip.ContentMd5);
        var blobName = record.IsTaken(job.BlobName) ? suffixed : job.BlobName;
        var sent = 0;
        var restaged = false;
        while (true)
        {
            if (record.IsTaken(blobName))
            {
                throw BothTaken(job, container, suffixed, record);
            }

            var name = blobName;
            var (ids, sentNow) = await StageAsync(job, container, name, blockCount, (id, length) => record.IsStaged(name, id, length), (id, length) => record.RecordStaged(name, id, length), watchdog);
            sent += sentNow;
            var sentBefore = record.WasCommitSent(name);
            if (!sentBefore)
            {
                record.RecordCommitSent(name);
            }

            try
            {
                await CommitAsync(container, name, ids, CommitProperties(job) with { OnlyIfNew = true }, watchdog);
                return Receipt(container, name, clip, sent);
            }
            catch (BlobStorageException ex) when (ex.IsBlobAlreadyExists && (sentBefore || ex.Attempts > 1))
            {
                // Our own commit, confirmed before its answer reached us: the blob holds this clip.
                return Receipt(container, name, clip, sent);
            }
            catch (BlobStorageException ex) when (ex.IsBlobAlreadyExists)
            {
                record.RecordTaken(name);
                if (name == suffixed)
                {
                    throw BothTaken(job, container, suffixed, record);
                }

                LogNameTakenUnread(_logger, name, container, suffixed);
                blobName = suffixed;
            }
            catch (BlobStorageException ex) when (ex.IsInvalidBlockList && !restaged)
            {
                // Uncommitted blocks live 7 days on Azure (or the blob they were staged on was deleted): send them again.
                restaged = true;
                record.Forget(name);
                LogStagedBlocksGone(_logger, name, container);
            }
            catch (BlobStorageException ex) when (ex.Status != 0 && !ex.IsBlobAlreadyExists)
            {
                // Answered with a refusal (403, 400, …): that commit created nothing, so a later "exists" is not ours.
                record.RecordCommitRefused(name);
                throw;
            }
        }
    }

    private static InvalidDataException BothTaken(UploadJob job, string container, string suffixed, StagedBlocks record)
    {
        // Tried again on the next attempt (two commits, no block sent again): a person may move one of them away.
        record.RecordFree(job.BlobName);
        record.RecordFree(suffixed);
        var clip = job.Clip;
        return new InvalidDataException($"blobs '{job.BlobName}' and '{suffixed}' in container '{container}' both exist, and the credential cannot read them to compare with clip {clip.CameraId}/{clip.EventId} (MD5 {clip.ContentMd5}); nothing overwritten. Move one of them away.");
    }

    // Stages every block the skip test does not rule out, then checks the whole file against the accepted size and MD5.
    private async Task<(List<string> Ids, int Sent)> StageAsync(
        UploadJob job, string container, string blobName, int blockCount, Func<string, int, bool> alreadyStaged, Action<string, int>? onStaged, TransferWatchdog watchdog)
    {
        var clip = job.Clip;
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
                // An encrypted file's ids lead with a field of its own (EncryptedContent.BlockIdField), not the block size.
                var id = BlockId(clip.Encryption?.BlockIdField(job.BlockSizeBytes) ?? job.BlockSizeBytes, index);
                ids.Add(id);
                if (!alreadyStaged(id, length))
                {
                    if (job.BeforeBlock is { } beforeBlock)
                    {
                        await beforeBlock(length, watchdog, watchdog.Token);
                    }

                    watchdog.Starting("Stage Block");
                    await _client.StageBlockAsync(container, blobName, id, block, ContentMd5.Hash(block.Span), watchdog, watchdog.Token);
                    onStaged?.Invoke(id, length);
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

        return (ids, sent);
    }

    // Metadata (camera, event, and an encrypted file's encryptiondata), the index tags and the access tier of the job.
    private static BlobCommitProperties CommitProperties(UploadJob job)
    {
        var clip = job.Clip;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["camera"] = clip.CameraId,
            ["event"] = clip.EventId,
        };
        clip.Encryption?.AddMetadataTo(metadata);
        return new BlobCommitProperties(BlobKinds.ContentType(clip.Kind), clip.ContentMd5, metadata) { Tags = job.Tags, AccessTier = job.AccessTier };
    }

    private async Task CommitAsync(string container, string blobName, IReadOnlyList<string> ids, BlobCommitProperties properties, TransferWatchdog watchdog)
    {
        watchdog.Starting("Commit Block List");
        await _client.CommitBlockListAsync(container, blobName, ids, properties, watchdog.Token);
        if (_client.TagsOff is { } tagsOff && !_tagsOffLogged)
        {
            _tagsOffLogged = true;
            LogTagsOff(_logger, tagsOff);
        }
    }

    private TargetReceipt Receipt(string container, string blobName, BufferedClip clip, int sent) =>
        new(_client.BlobUri(container, blobName).AbsoluteUri, blobName, clip.SizeBytes, clip.ContentMd5, sent);

    /// <summary>
    /// The name for a clip whose blob name is taken by other content: <c>…/&lt;eventId&gt;-&lt;first 8 hex digits of its
    /// MD5&gt;.mp4</c>. The same clip always gets the same name, so a retry finds its own earlier upload.
    /// </summary>
    public static string WithMd5Suffix(string blobName, string contentMd5)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var hex = Convert.ToHexStringLower(Convert.FromBase64String(contentMd5))[..8];
        var extension = Path.GetExtension(blobName);
        return $"{blobName[..^extension.Length]}-{hex}{extension}";
    }

    // The same bytes; or, for a file encrypted on the device, the same plaintext under another content key (a clip handed
    // in again after it was confirmed is encrypted afresh, so its ciphertext differs while what it holds does not).
    private static bool IsThisClip(CommittedBlob blob, BufferedClip clip) =>
        blob.SizeBytes == clip.SizeBytes
        && (string.Equals(blob.ContentMd5, clip.ContentMd5, StringComparison.Ordinal)
            || (clip.Encryption is { } encryption
                && blob.Metadata is { } metadata
                && metadata.TryGetValue(EncryptedContent.PlaintextMd5Metadata, out var plaintextMd5)
                && string.Equals(plaintextMd5, encryption.PlaintextMd5, StringComparison.Ordinal)));

    private BlobStorageException ContainerMissing(string container, string why, BlobStorageException inner) => new(
        $"container '{container}' of storage account '{_client.AccountName}' does not exist and {why}; create the container; the clip stays buffered",
        inner);

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

    [LoggerMessage(1, LogLevel.Warning, "Container {Container} of storage account {Account} was missing; created it again")]
    private static partial void LogContainerCreatedAgain(ILogger logger, string container, string account);

    [LoggerMessage(2, LogLevel.Warning, "Blob {BlobName} in container {Container} already holds other content (MD5 {ExistingMd5}); kept it, and this clip goes to {SuffixedName}")]
    private static partial void LogNameTaken(ILogger logger, string blobName, string container, string existingMd5, string suffixedName);

    [LoggerMessage(3, LogLevel.Warning, "{Reason}; uploads go on")]
    private static partial void LogTagsOff(ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Blob {BlobName} in container {Container} already exists and is not this clip's (the credential cannot read it; no commit of this clip had been sent); kept it, and this clip goes to {SuffixedName}")]
    private static partial void LogNameTakenUnread(ILogger logger, string blobName, string container, string suffixedName);

    [LoggerMessage(5, LogLevel.Warning, "The blocks staged for blob {BlobName} in container {Container} are gone from storage (uncommitted blocks expire after 7 days); sending them again")]
    private static partial void LogStagedBlocksGone(ILogger logger, string blobName, string container);
}

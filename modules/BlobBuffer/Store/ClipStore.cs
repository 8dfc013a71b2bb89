using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Snapshots;
using Microsoft.Extensions.Logging;
using EdgeCam.Edge.Durability;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// The durable local store of clips waiting for upload, under <see cref="SharedVolume.BufferDirectory"/>:
/// <c>clips/&lt;id&gt;.mp4</c> (a hard link to, or a copy of, the clip), <c>clips/&lt;id&gt;.json</c> (its description) and
/// <c>journal.log</c>. A clip is accepted once it is verified and journaled on disk; it leaves when the target confirmed
/// it or when the capacity policy evicts it (oldest clip first, see README).
/// </summary>
public sealed partial class ClipStore : IDisposable
{
    private const int CompactAfterObsoleteLines = 128;

    private readonly Lock _gate = new();
    private readonly string _clipsDirectory;
    private readonly ClipJournal _journal;
    private readonly Dictionary<string, BufferedClip> _pending;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private ClipStore(string directory, ClipJournal journal, Dictionary<string, BufferedClip> pending, long maxBufferBytes, TimeProvider timeProvider, ILogger logger)
    {
        Directory = directory;
        _clipsDirectory = Path.Combine(directory, "clips");
        _journal = journal;
        _pending = pending;
        MaxBufferBytes = maxBufferBytes;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>The quota: the buffered clips never take more than this.</summary>
    public long MaxBufferBytes { get; set; }

    /// <summary>
    /// Encrypts every file accepted from now on for the owner (README "Encryption"); null: files are kept as handed in.
    /// Files accepted before are encrypted when the uploader picks them (<see cref="Seal"/>).
    /// </summary>
    public ClipEncryptor? Encryptor { get; set; }

    /// <summary>Clips evicted by the capacity policy since this instance opened.</summary>
    public long EvictedCount { get; private set; }

    /// <summary>Clips refused since this instance opened (bad message, MD5 mismatch, larger than the quota).</summary>
    public long RejectedCount { get; private set; }

    /// <summary>Clips confirmed by the target since this instance opened.</summary>
    public long UploadedCount { get; private set; }

    /// <summary>Number of clips waiting for upload.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Bytes of the clips waiting for upload.</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _pending.Values.Sum(c => c.SizeBytes);
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the store in <paramref name="directory"/> and recovers it: journaled clips not yet confirmed
    /// are pending again, a torn journal line is skipped with a warning, and clip files missing from the journal are adopted.
    /// </summary>
    public static ClipStore Open(string directory, long maxBufferBytes, TimeProvider timeProvider, ILogger<ClipStore> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var clipsDirectory = Path.Combine(directory, "clips");
        System.IO.Directory.CreateDirectory(clipsDirectory);
        var journalPath = Path.Combine(directory, "journal.log");

        var recovered = StoreRecovery.Recover(clipsDirectory, journalPath, timeProvider);
        foreach (var line in recovered.CorruptLines)
        {
            LogCorruptJournalLine(logger, journalPath, line);
        }

        foreach (var id in recovered.MissingFiles)
        {
            LogMissingClipFile(logger, id, Path.Combine(clipsDirectory, id));
        }

        foreach (var clip in recovered.Adopted)
        {
            LogAdopted(logger, clip.Id, clip.CameraId, clip.EventId);
        }

        // Start from a clean journal: only what is pending, in order, and no torn tail to append after.
        var journal = ClipJournal.Rewrite(journalPath, Oldest(recovered.Pending.Values).Select(c => new JournalEntry(JournalEntry.Accepted, c.Id, c, null, c.AcceptedAt)));
        var store = new ClipStore(directory, journal, recovered.Pending, maxBufferBytes, timeProvider, logger);
        LogOpened(logger, store.PendingCount, store.BufferedBytes, directory);
        return store;
    }

    /// <summary>
    /// The clips waiting for upload in upload order: event snapshots first (small, and what an alert links to), then
    /// clips; each oldest first (by start, then by acceptance).
    /// </summary>
    public IReadOnlyList<BufferedClip> Pending()
    {
        lock (_gate)
        {
            return Oldest(_pending.Values).OrderBy(c => BlobKinds.Priority(c.Kind)).ToList();
        }
    }

    /// <summary>
    /// The pending file that goes up first among those ahead of <paramref name="kind"/> (a lower <see cref="BlobKinds.Priority"/>),
    /// or null: what overtakes a footage upload. The same as the head of <see cref="Pending"/> when that is ahead, without
    /// sorting the whole backlog (polled while footage is paced).
    /// </summary>
    public BufferedClip? FirstAheadOf(string kind)
    {
        var priority = BlobKinds.Priority(kind);
        lock (_gate)
        {
            return Oldest(_pending.Values.Where(c => BlobKinds.Priority(c.Kind) < priority)).OrderBy(c => BlobKinds.Priority(c.Kind)).FirstOrDefault();
        }
    }

    /// <summary>The buffered file of a pending clip.</summary>
    public string PathOf(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return ClipFilePath(_clipsDirectory, clip);
    }

    /// <summary>
    /// Takes a clip into the store: links or copies it, verifies size and MD5 against the message, and journals it on disk
    /// before returning. Throws <see cref="ClipRejectedException"/> (saying why) when it does not accept it.
    /// A clip already pending with the same MD5 is accepted again without a second copy (a re-sent message).
    /// </summary>
    public StoreAcceptResult Accept(ClipReady message, SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(volume);
        lock (_gate)
        {
            try
            {
                return AcceptLocked(message, volume);
            }
            catch (ClipRejectedException)
            {
                RejectedCount++;
                throw;
            }
        }
    }

    /// <summary>
    /// Encrypts a pending file that was accepted in plaintext (before encryption was in force), so that once the owner's
    /// key is set nothing leaves the device unencrypted. Returns the clip as now stored (unchanged when there is no
    /// <see cref="Encryptor"/>, or it is already encrypted). Crash-safe: the ciphertext and its description are written
    /// before the file is swapped and journaled, and recovery takes the description that matches the file on disk.
    /// Blocks already staged for the plaintext are forgotten (the encrypted file has block ids of its own).
    /// </summary>
    /// <exception cref="InvalidDataException">The buffered file no longer matches its size and MD5.</exception>
    public BufferedClip Seal(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        lock (_gate)
        {
            var encryptor = Encryptor;
            if (encryptor is null || !_pending.TryGetValue(clip.Id, out var current) || current.Encryption is not null)
            {
                return _pending.GetValueOrDefault(clip.Id, clip);
            }

            var file = ClipFilePath(_clipsDirectory, current);
            var sealedPartial = Path.Combine(_clipsDirectory, current.Id + ".sealed.partial");
            File.Delete(sealedPartial);
            var encrypted = encryptor.Encrypt(file, sealedPartial);
            if (encrypted.Content.PlaintextSizeBytes != current.SizeBytes || !string.Equals(encrypted.Content.PlaintextMd5, current.ContentMd5, StringComparison.Ordinal))
            {
                File.Delete(sealedPartial);
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"buffered {current.Kind} {current.CameraId}/{current.EventId} ({file}) no longer matches what was accepted: {encrypted.Content.PlaintextSizeBytes} bytes with MD5 {encrypted.Content.PlaintextMd5}, expected {current.SizeBytes} bytes with MD5 {current.ContentMd5}"));
            }

            var sealedClip = current with { SizeBytes = encrypted.SizeBytes, ContentMd5 = encrypted.ContentMd5, Encryption = encrypted.Content };
            File.Delete(StagedPath(_clipsDirectory, current.Id));
            Install(sealedClip, sealedPartial);
            _journal.Append(new JournalEntry(JournalEntry.Accepted, current.Id, sealedClip, null, sealedClip.AcceptedAt));
            _pending[current.Id] = sealedClip;
            NoteObsoleteLines();
            return sealedClip;
        }
    }

    /// <summary>Records that the target confirmed <paramref name="clip"/> and deletes the local copy.</summary>
    public void MarkUploaded(BufferedClip clip, string location)
    {
        ArgumentNullException.ThrowIfNull(clip);
        lock (_gate)
        {
            if (!_pending.Remove(clip.Id))
            {
                return; // Evicted while it was uploading: the cloud has it anyway.
            }

            _journal.Append(new JournalEntry(JournalEntry.Uploaded, clip.Id, null, location, _timeProvider.GetUtcNow()));
            DeleteClipFiles(_clipsDirectory, clip.Id);
            UploadedCount++;
            NoteObsoleteLines();
        }
    }

    public void Dispose() => _journal.Dispose();

    /// <summary>
    /// The record of what was staged for <paramref name="clip"/> (<c>clips/&lt;id&gt;.staged</c>), for an upload that cannot
    /// ask the service (a write-only SAS); read and created on first use, deleted with the clip.
    /// </summary>
    public StagedBlocks StagedBlocksOf(BufferedClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new StagedBlocks(StagedPath(_clipsDirectory, clip.Id));
    }

    /// <summary>
    /// Takes an event snapshot into the store, like <see cref="Accept"/> a clip (verified, journaled on disk before
    /// returning); it is uploaded ahead of every clip. A re-sent snapshotReady with the same MD5 is accepted once.
    /// </summary>
    public StoreAcceptResult AcceptSnapshot(SnapshotReady message, SharedVolume volume)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(volume);
        lock (_gate)
        {
            try
            {
                return AcceptLocked(new Incoming(BlobKinds.Snapshot, message.CameraId, message.EventId, message.SnapshotPath, message.EventStart, message.TakenAt, message.SizeBytes, message.ContentMd5), volume);
            }
            catch (ClipRejectedException)
            {
                RejectedCount++;
                throw;
            }
        }
    }

    internal static string ClipFilePath(string clipsDirectory, BufferedClip clip) => Path.Combine(clipsDirectory, clip.Id + BlobKinds.Extension(clip.Kind));

    internal static string SidecarPath(string clipsDirectory, string id) => Path.Combine(clipsDirectory, id + ".json");

    internal static string StagedPath(string clipsDirectory, string id) => Path.Combine(clipsDirectory, id + ".staged");

    internal static void DeleteClipFiles(string clipsDirectory, string id)
    {
        File.Delete(StagedPath(clipsDirectory, id));
        File.Delete(Path.Combine(clipsDirectory, id + BlobKinds.Extension(BlobKinds.Clip)));
        File.Delete(Path.Combine(clipsDirectory, id + BlobKinds.Extension(BlobKinds.Snapshot)));
        File.Delete(SidecarPath(clipsDirectory, id));
        DurableFile.FlushDirectory(clipsDirectory);
    }

    /// <summary>The store id of a camera's event clip (or snapshot): stable, file-name safe, and the same for a re-sent message.</summary>
    internal static string ClipId(string cameraId, string eventId, string kind = BlobKinds.Clip) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cameraId + "\n" + eventId + (kind == BlobKinds.Clip ? string.Empty : "\n" + kind))))[..24];

    private static IEnumerable<BufferedClip> Oldest(IEnumerable<BufferedClip> clips) =>
        clips.OrderBy(c => c.Start).ThenBy(c => c.AcceptedAt).ThenBy(c => c.Id, StringComparer.Ordinal);

    private StoreAcceptResult AcceptLocked(ClipReady message, SharedVolume volume)
    {
        if (!ClipKinds.All.Contains(message.Kind, StringComparer.Ordinal))
        {
            throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId}: kind '{message.Kind}' is not one of {string.Join(", ", ClipKinds.All)}.");
        }

        return AcceptLocked(new Incoming(message.Kind, message.CameraId, message.EventId, message.ClipPath, message.Start, message.End, message.SizeBytes, message.ContentMd5), volume);
    }

    private StoreAcceptResult AcceptLocked(Incoming message, SharedVolume volume)
    {
        ClipNames.Check(message.CameraId, "cameraId");
        ClipNames.Check(message.EventId, "eventId");
        if (message.SizeBytes <= 0)
        {
            throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId}: sizeBytes must be positive, not {message.SizeBytes}.");
        }

        var id = ClipId(message.CameraId, message.EventId, message.Kind);
        if (_pending.TryGetValue(id, out var existing))
        {
            return existing.IncomingMd5 == message.ContentMd5 && existing.IncomingSizeBytes == message.SizeBytes
                ? new StoreAcceptResult(existing, [], WasDuplicate: true)
                : throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId} is already buffered with different content (MD5 {existing.ContentMd5}, not {message.ContentMd5}).");
        }

        string source;
        try
        {
            source = volume.Resolve(message.ClipPath);
        }
        catch (ArgumentException ex)
        {
            throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId}: {ex.Message}", ex);
        }

        if (!File.Exists(source))
        {
            throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId}: file '{message.ClipPath}' does not exist on the shared volume.");
        }

        var encryptor = Encryptor;
        var storedBytes = encryptor is null ? message.SizeBytes : EncryptionFormat.CiphertextLength(message.SizeBytes);
        if (storedBytes > MaxBufferBytes)
        {
            throw new ClipRejectedException($"clip {message.CameraId}/{message.EventId} ({storedBytes} bytes) is larger than the whole buffer (maxBufferBytes {MaxBufferBytes}).");
        }

        var evicted = MakeRoom(storedBytes, message.Kind, message.CameraId, message.EventId);
        var clip = new BufferedClip(id, message.CameraId, message.EventId, message.ClipPath, message.Start, message.End, message.SizeBytes, message.ContentMd5, _timeProvider.GetUtcNow()) { Kind = message.Kind };
        clip = Stage(clip, source, encryptor);
        _journal.Append(new JournalEntry(JournalEntry.Accepted, id, clip, null, clip.AcceptedAt));
        _pending[id] = clip;
        return new StoreAcceptResult(clip, evicted, WasDuplicate: false);
    }

    private BufferedClip Stage(BufferedClip clip, string source, ClipEncryptor? encryptor)
    {
        var partial = Path.Combine(_clipsDirectory, clip.Id + ".partial");
        File.Delete(partial);
        if (!DurableFile.TryHardLink(source, partial))
        {
            ClipFile.CopyDurably(source, partial);
        }

        long size;
        string md5;
        EncryptedFile? encrypted = null;
        if (encryptor is null)
        {
            (size, md5) = ClipFile.Measure(partial, flushToDisk: true);
        }
        else
        {
            // Encrypted in the same pass that measures the plaintext; only the ciphertext stays. A crash before the
            // journal line leaves two .partial files (deleted at the next start) and an unacknowledged message: the
            // re-sent one is encrypted again from the plaintext, under a new key.
            var sealedPartial = Path.Combine(_clipsDirectory, clip.Id + ".sealed.partial");
            File.Delete(sealedPartial);
            encrypted = encryptor.Encrypt(partial, sealedPartial);
            (size, md5) = (encrypted.Content.PlaintextSizeBytes, encrypted.Content.PlaintextMd5);
            File.Delete(partial);
            partial = sealedPartial;
        }

        if (size != clip.SizeBytes || !string.Equals(md5, clip.ContentMd5, StringComparison.Ordinal))
        {
            File.Delete(partial);
            throw new ClipRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"clip {clip.CameraId}/{clip.EventId} ('{clip.ClipPath}') does not match its message: {size} bytes with MD5 {md5}, expected {clip.SizeBytes} bytes with MD5 {clip.ContentMd5}."));
        }

        if (encrypted is not null)
        {
            clip = clip with { SizeBytes = encrypted.SizeBytes, ContentMd5 = encrypted.ContentMd5, Encryption = encrypted.Content };
        }

        Install(clip, partial);
        return clip;
    }

    // The description first, then the file renamed into place: recovery trusts a sidecar whose size matches the file.
    private void Install(BufferedClip clip, string partial)
    {
        DurableFile.WriteAtomically(SidecarPath(_clipsDirectory, clip.Id), JsonSerializer.SerializeToUtf8Bytes(clip, StoreJsonContext.Default.BufferedClip));
        File.Move(partial, ClipFilePath(_clipsDirectory, clip), overwrite: true);
        DurableFile.FlushDirectory(_clipsDirectory);
    }

    // Continuous footage goes first (oldest first), then everything else oldest first; footage coming in evicts only
    // footage, and is refused when that is not enough: it never pushes out an event's clip or snapshot.
    private List<BufferedClip> MakeRoom(long incomingBytes, string incomingKind, string cameraId, string eventId)
    {
        var evicted = new List<BufferedClip>();
        var buffered = _pending.Values.Sum(c => c.SizeBytes);
        var victims = Oldest(_pending.Values).OrderBy(c => c.Kind == BlobKinds.Footage ? 0 : 1).ToList();
        if (incomingKind == BlobKinds.Footage)
        {
            victims = [.. victims.Where(c => c.Kind == BlobKinds.Footage)];
            var kept = buffered - victims.Sum(c => c.SizeBytes);
            if (kept + incomingBytes > MaxBufferBytes)
            {
                throw new ClipRejectedException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"footage {cameraId}/{eventId} ({incomingBytes} bytes) does not fit: event clips and snapshots hold {kept} of maxBufferBytes {MaxBufferBytes}, and footage never evicts them."));
            }
        }

        foreach (var victim in victims)
        {
            if (buffered + incomingBytes <= MaxBufferBytes)
            {
                break;
            }

            _journal.Append(new JournalEntry(JournalEntry.Evicted, victim.Id, null, null, _timeProvider.GetUtcNow()));
            _pending.Remove(victim.Id);
            DeleteClipFiles(_clipsDirectory, victim.Id);
            buffered -= victim.SizeBytes;
            EvictedCount++;
            evicted.Add(victim);
            LogEvicted(_logger, victim.CameraId, victim.EventId, victim.SizeBytes, MaxBufferBytes);
            NoteObsoleteLines();
        }

        return evicted;
    }

    private void NoteObsoleteLines()
    {
        _journal.ObsoleteLines += 2;
        if (_journal.ObsoleteLines >= CompactAfterObsoleteLines)
        {
            _journal.Compact(Oldest(_pending.Values).Select(c => new JournalEntry(JournalEntry.Accepted, c.Id, c, null, c.AcceptedAt)));
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Journal {JournalPath} line {LineNumber} is corrupted (torn write); skipped, the clip files in the buffer directory are adopted instead")]
    private static partial void LogCorruptJournalLine(ILogger logger, string journalPath, int lineNumber);

    [LoggerMessage(2, LogLevel.Warning, "Buffered clip {ClipId} is in the journal but its file {ClipFile} is gone (deleted outside BlobBuffer); dropped")]
    private static partial void LogMissingClipFile(ILogger logger, string clipId, string clipFile);

    [LoggerMessage(3, LogLevel.Warning, "Buffered clip {ClipId} ({CameraId}/{EventId}) was not in the journal; adopted so it is uploaded")]
    private static partial void LogAdopted(ILogger logger, string clipId, string cameraId, string eventId);

    [LoggerMessage(4, LogLevel.Information, "Clip store opened: {PendingCount} clips ({BufferedBytes} bytes) waiting for upload in {Directory}")]
    private static partial void LogOpened(ILogger logger, int pendingCount, long bufferedBytes, string directory);

    [LoggerMessage(5, LogLevel.Warning, "Buffer full: evicted clip {CameraId}/{EventId} ({SizeBytes} bytes, oldest) to stay under maxBufferBytes {MaxBufferBytes}")]
    private static partial void LogEvicted(ILogger logger, string cameraId, string eventId, long sizeBytes, long maxBufferBytes);
}

/// <summary>What a clipReady or snapshotReady hands in.</summary>
internal sealed record Incoming(string Kind, string CameraId, string EventId, string ClipPath, DateTimeOffset Start, DateTimeOffset End, long SizeBytes, string ContentMd5);

/// <summary>The outcome of <see cref="ClipStore.Accept"/>.</summary>
/// <param name="Clip">The clip as stored.</param>
/// <param name="Evicted">Older clips evicted to make room for it.</param>
/// <param name="WasDuplicate">True when the clip was already pending (a re-sent clipReady).</param>
public sealed record StoreAcceptResult(BufferedClip Clip, IReadOnlyList<BufferedClip> Evicted, bool WasDuplicate);

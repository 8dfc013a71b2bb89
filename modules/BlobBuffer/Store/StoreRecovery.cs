using System.Text.Json;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// Rebuilds the pending set after a start: replays the journal, then reconciles it with the clip files on disk so that
/// nothing accepted is lost: a clip file the journal does not know (its line was torn) is adopted again from its sidecar.
/// </summary>
internal static class StoreRecovery
{
    /// <summary>Unknown camera of a clip file found without its sidecar.</summary>
    public const string UnknownCamera = "unknown";

    public static StoreRecoveryResult Recover(string clipsDirectory, string journalPath, TimeProvider timeProvider)
    {
        var (entries, corruptLines) = ClipJournal.Read(journalPath);
        var pending = new Dictionary<string, BufferedClip>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Op == JournalEntry.Accepted && entry.Clip is not null)
            {
                pending[entry.Id] = entry.Clip;
                done.Remove(entry.Id);
            }
            else if (entry.Op is JournalEntry.Uploaded or JournalEntry.Evicted)
            {
                pending.Remove(entry.Id);
                done.Add(entry.Id);
            }
        }

        // Leftovers of an accept that never returned: the sender was not acknowledged.
        foreach (var leftover in Directory.EnumerateFiles(clipsDirectory, "*.partial").Concat(Directory.EnumerateFiles(clipsDirectory, "*.tmp")))
        {
            File.Delete(leftover);
        }

        var missing = pending.Values.Where(clip => !File.Exists(ClipStore.ClipFilePath(clipsDirectory, clip))).Select(clip => clip.Id).ToList();
        foreach (var clip in pending.Values.Where(c => !missing.Contains(c.Id)).ToList())
        {
            // A file sealed (encrypted) after it was accepted is swapped before its journal line: if the process died in
            // between, the file on disk is the ciphertext its description (sidecar) already names.
            if (new FileInfo(ClipStore.ClipFilePath(clipsDirectory, clip)).Length != clip.SizeBytes
                && ReadSidecar(clipsDirectory, clip.Id) is { } described
                && new FileInfo(ClipStore.ClipFilePath(clipsDirectory, described)).Length == described.SizeBytes)
            {
                pending[clip.Id] = described;
            }
        }

        foreach (var id in missing)
        {
            pending.Remove(id);
        }

        var adopted = new List<BufferedClip>();
        foreach (var file in Directory.EnumerateFiles(clipsDirectory, "*.mp4").Concat(Directory.EnumerateFiles(clipsDirectory, "*.jpg")))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (pending.ContainsKey(id))
            {
                continue;
            }

            if (done.Contains(id))
            {
                // Confirmed (or evicted) before the crash, deletion did not happen yet.
                ClipStore.DeleteClipFiles(clipsDirectory, id);
                continue;
            }

            var clip = Adopt(clipsDirectory, id, file, timeProvider);
            pending[id] = clip;
            adopted.Add(clip);
        }

        foreach (var sidecar in Directory.EnumerateFiles(clipsDirectory, "*.json").Concat(Directory.EnumerateFiles(clipsDirectory, "*.staged")))
        {
            if (!File.Exists(Path.ChangeExtension(sidecar, ".mp4")) && !File.Exists(Path.ChangeExtension(sidecar, ".jpg")))
            {
                File.Delete(sidecar);
            }
        }

        return new StoreRecoveryResult(pending, corruptLines, missing, adopted);
    }

    /// <summary>The description written beside a buffered file, or null when it is missing, torn or of another id.</summary>
    private static BufferedClip? ReadSidecar(string clipsDirectory, string id)
    {
        var sidecar = ClipStore.SidecarPath(clipsDirectory, id);
        if (!File.Exists(sidecar))
        {
            return null;
        }

        try
        {
            var described = JsonSerializer.Deserialize(File.ReadAllBytes(sidecar), StoreJsonContext.Default.BufferedClip);
            return described?.Id == id ? described : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static BufferedClip Adopt(string clipsDirectory, string id, string file, TimeProvider timeProvider)
    {
        var described = ReadSidecar(clipsDirectory, id);

        // A clip file is renamed into place only after it was verified, so its sidecar (written before) describes it.
        if (described is not null && new FileInfo(file).Length == described.SizeBytes)
        {
            return described;
        }

        var (size, md5) = ClipFile.Measure(file);
        var start = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
        var kind = file.EndsWith(BlobKinds.Extension(BlobKinds.Snapshot), StringComparison.Ordinal) ? BlobKinds.Snapshot : BlobKinds.Clip;
        return new BufferedClip(id, UnknownCamera, id, Path.GetFileName(file), start, start, size, md5, timeProvider.GetUtcNow()) { Kind = kind };
    }
}

/// <summary>What recovery found.</summary>
/// <param name="Pending">Clips accepted and not yet confirmed.</param>
/// <param name="CorruptLines">1-based journal lines skipped because their checksum did not match.</param>
/// <param name="MissingFiles">Journaled clips whose file is gone (deleted outside the module).</param>
/// <param name="Adopted">Clip files the journal did not list, taken back in.</param>
internal sealed record StoreRecoveryResult(
    Dictionary<string, BufferedClip> Pending,
    IReadOnlyList<int> CorruptLines,
    IReadOnlyList<string> MissingFiles,
    IReadOnlyList<BufferedClip> Adopted);

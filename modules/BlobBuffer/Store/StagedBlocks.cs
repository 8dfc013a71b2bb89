using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeCam.Edge.Durability;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// What the uploader sent for one clip, kept beside it (<c>clips/&lt;id&gt;.staged</c>) for a credential that cannot read
/// (a write-only SAS cannot run Get Block List): each staged block, that a commit was sent, that a blob name belongs to
/// someone else. One short line per record, <c>&lt;16 hex digits of SHA-256 of the rest&gt; &lt;op&gt; &lt;blob&gt; [&lt;block id&gt; &lt;size&gt;]</c>,
/// appended and flushed to disk before the call returns, so a restart after SIGKILL or power loss skips what the service
/// already holds. A torn last line is cut off when read. Deleted with the clip.
/// </summary>
public sealed class StagedBlocks : IDisposable
{
    private const int ChecksumChars = 16;
    private const string StagedOp = "staged";
    private const string CommitOp = "commit";
    private const string RefusedOp = "refused";
    private const string TakenOp = "taken";
    private const string FreeOp = "free";
    private const string ForgetOp = "forget";

    private readonly string? _path;
    private readonly Dictionary<string, Dictionary<string, long>> _staged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _commits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private bool _loaded;
    private FileStream? _append;

    /// <param name="path">The sidecar file; null keeps the records in memory only (nothing survives a restart).</param>
    public StagedBlocks(string? path)
    {
        _path = path;
    }

    /// <summary>Lines skipped when read because their checksum did not match (a torn write).</summary>
    public int CorruptLines { get; private set; }

    /// <summary>True when block <paramref name="blockId"/> of <paramref name="blobName"/> was staged with <paramref name="sizeBytes"/>.</summary>
    public bool IsStaged(string blobName, string blockId, long sizeBytes)
    {
        Load();
        return _staged.TryGetValue(blobName, out var blocks) && blocks.TryGetValue(blockId, out var size) && size == sizeBytes;
    }

    /// <summary>Blocks recorded as staged for <paramref name="blobName"/>.</summary>
    public int StagedCount(string blobName)
    {
        Load();
        return _staged.TryGetValue(blobName, out var blocks) ? blocks.Count : 0;
    }

    /// <summary>Records that the service acknowledged the block (after its Stage Block answered 201).</summary>
    public void RecordStaged(string blobName, string blockId, long sizeBytes)
    {
        Load();
        Append(string.Create(CultureInfo.InvariantCulture, $"{StagedOp} {Checked(blobName)} {Checked(blockId)} {sizeBytes}"));
        Staged(blobName)[blockId] = sizeBytes;
    }

    /// <summary>True when a commit of <paramref name="blobName"/> was sent before (its answer may have been lost).</summary>
    public bool WasCommitSent(string blobName)
    {
        Load();
        return _commits.Contains(blobName);
    }

    /// <summary>Records, before it is sent, that a commit of <paramref name="blobName"/> goes out.</summary>
    public void RecordCommitSent(string blobName)
    {
        Load();
        Append($"{CommitOp} {Checked(blobName)}");
        _commits.Add(blobName);
    }

    /// <summary>Records that the service answered the commit with a refusal (403, 400, …): nothing was committed by it.</summary>
    public void RecordCommitRefused(string blobName)
    {
        Load();
        Append($"{RefusedOp} {Checked(blobName)}");
        _commits.Remove(blobName);
    }

    /// <summary>True when <paramref name="blobName"/> was found to hold someone else's blob.</summary>
    public bool IsTaken(string blobName)
    {
        Load();
        return _taken.Contains(blobName);
    }

    /// <summary>Records that <paramref name="blobName"/> holds someone else's blob: later attempts go straight to the other name.</summary>
    public void RecordTaken(string blobName)
    {
        Load();
        Append($"{TakenOp} {Checked(blobName)}");
        _taken.Add(blobName);
    }

    /// <summary>Forgets that <paramref name="blobName"/> was taken, so the next attempt tries it again (a person may have moved it).</summary>
    public void RecordFree(string blobName)
    {
        Load();
        Append($"{FreeOp} {Checked(blobName)}");
        _taken.Remove(blobName);
    }

    /// <summary>Forgets the staged blocks of <paramref name="blobName"/> (the service no longer holds them: they expired).</summary>
    public void Forget(string blobName)
    {
        Load();
        Append($"{ForgetOp} {Checked(blobName)}");
        _staged.Remove(blobName);
        _commits.Remove(blobName);
    }

    public void Dispose() => _append?.Dispose();

    private Dictionary<string, long> Staged(string blobName)
    {
        if (!_staged.TryGetValue(blobName, out var blocks))
        {
            blocks = new Dictionary<string, long>(StringComparer.Ordinal);
            _staged[blobName] = blocks;
        }

        return blocks;
    }

    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (_path is null || !File.Exists(_path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(_path);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            // A torn last line: cut it off, so the next record starts on a line of its own.
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(end);
            file.Flush(flushToDisk: true);
        }

        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Apply(line))
            {
                CorruptLines++;
            }
        }
    }

    private bool Apply(string line)
    {
        if (line.Length <= ChecksumChars + 1 || line[ChecksumChars] != ' ')
        {
            return false;
        }

        var record = line[(ChecksumChars + 1)..];
        if (!string.Equals(line[..ChecksumChars], Checksum(record), StringComparison.Ordinal))
        {
            return false;
        }

        var parts = record.Split(' ');
        switch (parts)
        {
            case [StagedOp, var blob, var id, var size] when long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes):
                Staged(blob)[id] = bytes;
                return true;
            case [CommitOp, var blob]:
                _commits.Add(blob);
                return true;
            case [RefusedOp, var blob]:
                _commits.Remove(blob);
                return true;
            case [TakenOp, var blob]:
                _taken.Add(blob);
                return true;
            case [FreeOp, var blob]:
                _taken.Remove(blob);
                return true;
            case [ForgetOp, var blob]:
                _staged.Remove(blob);
                _commits.Remove(blob);
                return true;
            default:
                return false;
        }
    }

    private void Append(string record)
    {
        if (_path is null)
        {
            return;
        }

        var created = false;
        if (_append is null)
        {
            created = !File.Exists(_path);
            _append = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }

        _append.Write(Encoding.UTF8.GetBytes($"{Checksum(record)} {record}\n"));
        _append.Flush(flushToDisk: true);
        if (created)
        {
            // The file's name must survive a power cut too, or a commit record would be lost with it.
            DurableFile.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        }
    }

    private static string Checked(string value) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace) ? value : throw new ArgumentException($"'{value}' cannot be recorded: it is empty or has white space.", nameof(value));

    private static string Checksum(string record) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record)))[..ChecksumChars];
}

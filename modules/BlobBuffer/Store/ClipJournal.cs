using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeCam.Edge.Durability;

namespace EdgeCam.BlobBuffer.Store;

/// <summary>
/// The store's append-only journal: one JSON entry per line, prefixed with a checksum
/// (<c>&lt;16 hex digits of SHA-256 of the JSON&gt; &lt;json&gt;\n</c>). Every append is flushed to disk before it returns,
/// so an acknowledged clip survives power loss. A line whose checksum does not match (a torn write) is skipped on read.
/// </summary>
internal sealed class ClipJournal : IDisposable
{
    private const int ChecksumChars = 16;

    private readonly string _path;
    private FileStream _stream;

    private ClipJournal(string path)
    {
        _path = path;
        _stream = OpenForAppend(path);
    }

    /// <summary>Lines written since the last rewrite that no longer describe a pending clip.</summary>
    public int ObsoleteLines { get; set; }

    /// <summary>Reads every intact entry of the journal at <paramref name="path"/> and the 1-based numbers of the lines that were not.</summary>
    public static (List<JournalEntry> Entries, List<int> CorruptLines) Read(string path)
    {
        var entries = new List<JournalEntry>();
        var corrupt = new List<int>();
        if (!File.Exists(path))
        {
            return (entries, corrupt);
        }

        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParse(line, out var entry))
            {
                entries.Add(entry);
            }
            else
            {
                corrupt.Add(number);
            }
        }

        return (entries, corrupt);
    }

    /// <summary>Replaces the journal with exactly <paramref name="entries"/> (atomically) and opens it for appending.</summary>
    public static ClipJournal Rewrite(string path, IEnumerable<JournalEntry> entries)
    {
        WriteAll(path, entries);
        return new ClipJournal(path);
    }

    /// <summary>Appends one entry and flushes it to disk.</summary>
    public void Append(JournalEntry entry)
    {
        _stream.Write(Encoding.UTF8.GetBytes(Format(entry)));
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Rewrites this journal in place with <paramref name="entries"/> (compaction).</summary>
    public void Compact(IEnumerable<JournalEntry> entries)
    {
        _stream.Dispose();
        WriteAll(_path, entries);
        _stream = OpenForAppend(_path);
        ObsoleteLines = 0;
    }

    public void Dispose() => _stream.Dispose();

    internal static string Format(JournalEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, StoreJsonContext.Default.JournalEntry);
        return $"{Checksum(json)} {json}\n";
    }

    private static void WriteAll(string path, IEnumerable<JournalEntry> entries)
    {
        var content = new StringBuilder();
        foreach (var entry in entries)
        {
            content.Append(Format(entry));
        }

        DurableFile.WriteAtomically(path, Encoding.UTF8.GetBytes(content.ToString()));
    }

    private static bool TryParse(string line, out JournalEntry entry)
    {
        entry = null!;
        if (line.Length <= ChecksumChars + 1 || line[ChecksumChars] != ' ')
        {
            return false;
        }

        var json = line[(ChecksumChars + 1)..];
        if (!string.Equals(line[..ChecksumChars], Checksum(json), StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            entry = JsonSerializer.Deserialize(json, StoreJsonContext.Default.JournalEntry)!;
            return entry is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Checksum(string json) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..ChecksumChars];

    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.Read);
}

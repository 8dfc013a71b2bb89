using System.Globalization;
using System.Text;

namespace EdgeCam.Media.Segments;

/// <summary>
/// Reads ffmpeg's segment list (<c>-segment_list_type csv</c>) incrementally: each call reads only the bytes added
/// since the previous one. A last line without its newline is still being written and is kept for the next call; a
/// line that cannot be parsed is skipped with a warning that names the file and the line.
/// </summary>
public sealed class SegmentListReader
{
    private readonly string _path;
    private long _offset;
    private int _lineNumber;
    private byte[] _pending = [];

    /// <summary>Creates a reader of the list at <paramref name="path"/>; the file may not exist yet.</summary>
    public SegmentListReader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <summary>The list file.</summary>
    public string Path => _path;

    /// <summary>
    /// Reads what was appended since the last call. With <paramref name="final"/> (the writer has exited), a last line
    /// without a newline is parsed too, or reported as truncated.
    /// </summary>
    public SegmentListRead ReadNew(bool final = false)
    {
        var entries = new List<SegmentListEntry>();
        var warnings = new List<string>();
        byte[] added;
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _offset)
            {
                warnings.Add($"{_path}: the list shrank from {_offset} to {stream.Length} bytes; reading it again from the start.");
                _offset = 0;
                _lineNumber = 0;
                _pending = [];
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            added = new byte[stream.Length - _offset];
            stream.ReadExactly(added);
            _offset += added.Length;
        }
        catch (FileNotFoundException)
        {
            return new SegmentListRead(entries, warnings);
        }
        catch (DirectoryNotFoundException)
        {
            return new SegmentListRead(entries, warnings);
        }

        var buffer = _pending.Length == 0 ? added : [.. _pending, .. added];
        var lineStart = 0;
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] == (byte)'\n')
            {
                ParseLine(buffer.AsSpan(lineStart, i - lineStart), entries, warnings);
                lineStart = i + 1;
            }
        }

        _pending = buffer[lineStart..];
        if (final && _pending.Length > 0)
        {
            var before = warnings.Count;
            ParseLine(_pending, entries, warnings);
            if (warnings.Count > before)
            {
                warnings[^1] += " (the last line has no newline: the writer probably stopped while writing it)";
            }

            _pending = [];
        }

        return new SegmentListRead(entries, warnings);
    }

    private void ParseLine(ReadOnlySpan<byte> bytes, List<SegmentListEntry> entries, List<string> warnings)
    {
        _lineNumber++;
        var line = Encoding.UTF8.GetString(bytes).TrimEnd('\r').Trim();
        if (line.Length == 0)
        {
            return;
        }

        if (TryParse(line, out var entry))
        {
            entries.Add(entry);
        }
        else
        {
            warnings.Add($"{_path}: line {_lineNumber} is not 'name,start,end' and was skipped: '{Shorten(line)}'");
        }
    }

    /// <summary>Parses one line <c>name,start,end</c>. ffmpeg quotes a name that contains a comma or a quote.</summary>
    internal static bool TryParse(string line, out SegmentListEntry entry)
    {
        entry = null!;
        var lastComma = line.LastIndexOf(',');
        if (lastComma <= 0)
        {
            return false;
        }

        var middleComma = line.LastIndexOf(',', lastComma - 1);
        if (middleComma <= 0)
        {
            return false;
        }

        var name = line[..middleComma];
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
        {
            name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
        {
            return false;
        }

        const NumberStyles Style = NumberStyles.Float;
        if (!double.TryParse(line.AsSpan(middleComma + 1, lastComma - middleComma - 1), Style, CultureInfo.InvariantCulture, out var start)
            || !double.TryParse(line.AsSpan(lastComma + 1), Style, CultureInfo.InvariantCulture, out var end)
            || !double.IsFinite(start) || !double.IsFinite(end) || start < 0 || end < start)
        {
            return false;
        }

        entry = new SegmentListEntry(name, start, end);
        return true;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}

/// <summary>What one <see cref="SegmentListReader.ReadNew"/> call found.</summary>
/// <param name="Entries">Newly closed segments, in list order.</param>
/// <param name="Warnings">Lines that were skipped, each naming the file and line.</param>
public sealed record SegmentListRead(IReadOnlyList<SegmentListEntry> Entries, IReadOnlyList<string> Warnings);

using System.Text;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// The firmware state files: <c>key=value</c> lines, so the guard script reads them with plain shell. Written
/// atomically (temp file, fsync, rename), so a power cut leaves the old or the new file, never half of one.
/// </summary>
public static class KeyValueFile
{
    /// <summary>The pairs of <paramref name="path"/>, or null when it does not exist.</summary>
    public static Dictionary<string, string>? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }

        return values;
    }

    /// <summary>Writes the pairs (values on one line: line breaks become spaces).</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder();
        foreach (var (key, value) in values)
        {
            text.Append(key).Append('=').Append(value.ReplaceLineEndings(" ")).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

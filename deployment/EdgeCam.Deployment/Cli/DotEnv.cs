namespace EdgeCam.Deployment.Cli;

/// <summary>The <c>.env</c> file iotedgedev reads: <c>KEY=value</c> lines, <c>#</c> comments, optional quotes.</summary>
public static class DotEnv
{
    public static IEnumerable<KeyValuePair<string, string>> Read(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            yield return KeyValuePair.Create(line[..equals].Trim(), value);
        }
    }
}

namespace EdgeCam.Agent.Cli;

/// <summary>
/// Options of <c>edgecam-agent decrypt --key &lt;pem&gt; [--metadata &lt;json&gt;] &lt;blob URL or file&gt; &lt;out&gt;</c> and of
/// <c>edgecam-agent encryption-key --out &lt;dir&gt;</c>: the owner's side of BlobBuffer's encryption.
/// </summary>
public sealed record DecryptOptions
{
    /// <summary>The owner's private key (PEM).</summary>
    public required string KeyPath { get; init; }

    /// <summary>A blob URL carrying a SAS (a read link), or a file downloaded as it is.</summary>
    public required string Source { get; init; }

    /// <summary>Where the plaintext goes.</summary>
    public required string Output { get; init; }

    /// <summary>For a file: its metadata as JSON (default: <c>&lt;file&gt;.metadata.json</c>).</summary>
    public string? MetadataPath { get; init; }

    /// <summary>True when <see cref="Source"/> is an http(s) URL.</summary>
    public bool IsUrl => Uri.TryCreate(Source, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    /// <summary>Parses the arguments after <c>decrypt</c>.</summary>
    /// <exception cref="UsageException">An option is unknown or missing.</exception>
    public static DecryptOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? key = null;
        string? metadata = null;
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--key":
                    key = Value();
                    break;
                case "--metadata":
                    metadata = Value();
                    break;
                default:
                    positional.Add(name.StartsWith("--", StringComparison.Ordinal) ? throw new UsageException($"unknown option '{name}'.") : name);
                    break;
            }
        }

        if (key is null)
        {
            throw new UsageException("decrypt needs --key <owner private key PEM>.");
        }

        return positional.Count == 2
            ? new DecryptOptions { KeyPath = key, Source = positional[0], Output = positional[1], MetadataPath = metadata }
            : throw new UsageException($"decrypt needs <blob URL or file> and <out>, got {positional.Count} argument(s).");
    }

    /// <summary>Parses the arguments after <c>encryption-key</c>: the directory the key pair goes to.</summary>
    /// <exception cref="UsageException">--out is missing or an option is unknown.</exception>
    public static string ParseKeyPairDirectory(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args is ["--out", var directory] ? Path.GetFullPath(directory) : throw new UsageException("encryption-key needs --out <dir> (and nothing else).");
    }
}

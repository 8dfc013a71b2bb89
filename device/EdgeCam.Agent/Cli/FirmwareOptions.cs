namespace EdgeCam.Agent.Cli;

/// <summary>
/// Options of <c>edgecam-agent firmware keygen|pack|sign</c>, the release owner's side of over-the-air updates:
/// make the key pair, pack a published agent as a release package, sign a package.
/// </summary>
public sealed record FirmwareOptions
{
    /// <summary><c>keygen</c>, <c>pack</c> or <c>sign</c>.</summary>
    public required string Verb { get; init; }

    /// <summary>keygen: the directory the two key files go to. pack: the package file to write.</summary>
    public string? Output { get; init; }

    /// <summary>pack: the published agent (<c>dotnet publish</c> output) to pack.</summary>
    public string? Release { get; init; }

    /// <summary>pack: the version stamped into the release.</summary>
    public string? Version { get; init; }

    /// <summary>pack: the public key to ship in the release. sign: the private key.</summary>
    public string? Key { get; init; }

    /// <summary>sign: the package to sign.</summary>
    public string? Package { get; init; }

    /// <summary>sign: the URL the package will be served from (printed in the twin snippet).</summary>
    public string? Url { get; init; }

    /// <summary>Parses the arguments after <c>firmware</c>.</summary>
    /// <exception cref="UsageException">An option is unknown or missing.</exception>
    public static FirmwareOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is not ("keygen" or "pack" or "sign"))
        {
            throw new UsageException($"firmware needs keygen, pack or sign{(args.Count > 0 ? $", got '{args[0]}'" : string.Empty)}.");
        }

        var options = new FirmwareOptions { Verb = args[0] };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            options = name switch
            {
                "--out" => options with { Output = Path.GetFullPath(Value()) },
                "--release" => options with { Release = Path.GetFullPath(Value()) },
                "--version" => options with { Version = Value() },
                "--key" or "--public-key" or "--private-key" => options with { Key = Path.GetFullPath(Value()) },
                "--package" => options with { Package = Path.GetFullPath(Value()) },
                "--url" => options with { Url = Value() },
                _ => throw new UsageException($"unknown option '{name}'."),
            };
        }

        var missing = options.Verb switch
        {
            "keygen" => options.Output is null ? "--out <dir>" : null,
            "pack" => options.Release is null ? "--release <dir>" : options.Version is null ? "--version <v>" : options.Key is null ? "--public-key <pem>" : options.Output is null ? "--out <file.tar.gz>" : null,
            _ => options.Key is null ? "--private-key <pem>" : options.Package is null ? "--package <file>" : null,
        };
        return missing is null ? options : throw new UsageException($"firmware {options.Verb} needs {missing}.");
    }
}

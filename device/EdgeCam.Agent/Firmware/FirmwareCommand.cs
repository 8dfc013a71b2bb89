using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// <c>edgecam-agent firmware keygen|pack|sign</c>: the owner's side of over-the-air updates. <c>keygen</c> writes a
/// P-256 key pair (the private key readable by its owner only); <c>pack</c> stamps a published agent with its version
/// and the public key and writes it as a <c>.tar.gz</c> release package; <c>sign</c> prints the package's SHA-256, its
/// signature and the desired <c>firmware</c> section to put in the device twin.
/// </summary>
public sealed class FirmwareCommand
{
    public const string PrivateKeyFile = "firmware-signing-key.pem";

    private readonly FirmwareOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public FirmwareCommand(FirmwareOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _out = output;
        _error = error;
    }

    /// <summary>Runs the verb; returns an <see cref="ExitCodes"/> value (bad input: one line on the error writer).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return _options.Verb switch
            {
                "keygen" => await KeygenAsync(cancellationToken),
                "pack" => await PackAsync(cancellationToken),
                _ => await SignAsync(cancellationToken),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            await _error.WriteLineAsync($"error: firmware {_options.Verb}: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private async Task<int> KeygenAsync(CancellationToken cancellationToken)
    {
        var directory = _options.Output!;
        var privatePath = Path.Combine(directory, PrivateKeyFile);
        if (File.Exists(privatePath))
        {
            throw new IOException($"{privatePath} exists; not overwriting a signing key");
        }

        Directory.CreateDirectory(directory);
        var (privatePem, publicPem) = FirmwareSignature.CreateKeyPair();
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(privatePath, create))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteAsync(privatePem.AsMemory(), cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, ReleaseFiles.PublicKeyFile), publicPem, cancellationToken);
        await _out.WriteLineAsync($"private key: {privatePath} (keep it off devices and out of the repository)");
        await _out.WriteLineAsync($"public key:  {Path.Combine(directory, ReleaseFiles.PublicKeyFile)} (firmware pack --public-key puts it in every release)");
        return ExitCodes.Success;
    }

    private async Task<int> PackAsync(CancellationToken cancellationToken)
    {
        var release = _options.Release!;
        if (!File.Exists(Path.Combine(release, ReleaseFiles.EntryAssembly)))
        {
            throw new IOException($"{release} holds no {ReleaseFiles.EntryAssembly}; give the output of dotnet publish device/EdgeCam.Agent");
        }

        var publicKey = await File.ReadAllTextAsync(_options.Key!, cancellationToken);
        using (var check = new MemoryStream([1]))
        {
            _ = FirmwareSignature.Verify(publicKey, check, "AA=="); // throws ArgumentException when it is not a P-256 public key
        }

        await File.WriteAllTextAsync(Path.Combine(release, ReleaseFiles.VersionFile), _options.Version + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(release, ReleaseFiles.PublicKeyFile), publicKey, cancellationToken);
        await using (var file = File.Create(_options.Output!))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            await TarFile.CreateFromDirectoryAsync(release, gzip, includeBaseDirectory: false, cancellationToken);
        }

        await _out.WriteLineAsync($"package: {_options.Output} (release {_options.Version}, {new FileInfo(_options.Output!).Length} bytes)");
        return ExitCodes.Success;
    }

    private async Task<int> SignAsync(CancellationToken cancellationToken)
    {
        var privateKey = await File.ReadAllTextAsync(_options.Key!, cancellationToken);
        string sha256;
        string signature;
        await using (var package = File.OpenRead(_options.Package!))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(package, cancellationToken));
            package.Position = 0;
            signature = FirmwareSignature.Sign(privateKey, package);
        }

        var version = await ReadVersionAsync(_options.Package!, cancellationToken);
        var section = new JsonObject
        {
            [FirmwareSettings.SectionName] = new JsonObject
            {
                ["version"] = version,
                ["packageUrl"] = _options.Url ?? "<https URL of the package, e.g. a blob SAS URL>",
                ["sha256"] = sha256,
                ["signature"] = signature,
            },
        };
        // Relaxed escaping: the base64 '+' stays '+' rather than \u002B, so the snippet reads as the value it is.
        await _out.WriteLineAsync(section.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return ExitCodes.Success;
    }

    // The version stamp inside the package, so the twin snippet names the release the package really holds.
    private static async Task<string> ReadVersionAsync(string packagePath, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(packagePath);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: true, cancellationToken) is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == ReleaseFiles.VersionFile && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data);
                return (await text.ReadToEndAsync(cancellationToken)).Trim();
            }
        }

        throw new IOException($"{packagePath} holds no {ReleaseFiles.VersionFile}; make it with edgecam-agent firmware pack");
    }
}

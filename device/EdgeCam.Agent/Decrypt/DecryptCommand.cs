using System.Text.Json;
using EdgeCam.Agent.Cli;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Targets;

namespace EdgeCam.Agent.Decrypt;

/// <summary>
/// <c>edgecam-agent decrypt</c>: turns a blob BlobBuffer encrypted for the owner back into the clip or snapshot. A URL
/// is downloaded and decrypted by Azure.Storage.Blobs itself (client-side encryption v2.0, the private key behind its key
/// resolver); a file downloaded as it is is decrypted here with its metadata (<c>--metadata</c>, or
/// <c>&lt;file&gt;.metadata.json</c> as the local folder target writes it). The result is checked against the blob's
/// <c>plaintextmd5</c> when it has one, and is written to <c>&lt;out&gt;</c> only when everything matched.
/// </summary>
public sealed class DecryptCommand
{
    /// <summary>Read when the private key PEM is encrypted.</summary>
    public const string PasswordVariable = "EDGECAM_OWNER_KEY_PASSWORD";

    private readonly DecryptOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public DecryptCommand(DecryptOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _out = output;
        _error = error;
    }

    /// <summary>Decrypts; returns <see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.BadInput"/> with one line saying why not.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var partial = _options.Output + ".partial";
        try
        {
            using var key = OwnerPrivateKey.FromPem(await File.ReadAllTextAsync(_options.KeyPath, cancellationToken), Environment.GetEnvironmentVariable(PasswordVariable));
            File.Delete(partial);
            var (size, md5, expectedMd5) = _options.IsUrl
                ? await FromUrlAsync(key, partial, cancellationToken)
                : await FromFileAsync(key, partial, cancellationToken);
            if (expectedMd5 is not null && expectedMd5 != md5)
            {
                throw new InvalidDataException($"the decrypted bytes have MD5 {md5}, the blob's plaintextmd5 says {expectedMd5}: the blob is incomplete or not the one its metadata describes");
            }

            File.Move(partial, _options.Output, overwrite: true);
            await _out.WriteLineAsync($"decrypted {size} bytes to {_options.Output} (MD5 {md5}{(expectedMd5 is null ? ", the blob has no plaintextmd5 to compare with" : ", as plaintextmd5 says")})");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or JsonException
            or System.Security.Cryptography.CryptographicException or Azure.RequestFailedException)
        {
            File.Delete(partial);
            await _error.WriteLineAsync($"error: decrypt: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private async Task<(long Size, string Md5, string? ExpectedMd5)> FromUrlAsync(OwnerPrivateKey key, string partial, CancellationToken cancellationToken)
    {
        var expected = await EncryptedBlobDownload.DownloadAsync(new Uri(_options.Source), key, partial, cancellationToken);
        await using var written = File.OpenRead(partial);
        return (written.Length, await BlobBuffer.Storage.ContentMd5.OfAsync(written, cancellationToken), expected);
    }

    private async Task<(long Size, string Md5, string? ExpectedMd5)> FromFileAsync(OwnerPrivateKey key, string partial, CancellationToken cancellationToken)
    {
        var metadataPath = _options.MetadataPath ?? _options.Source + LocalFolderTarget.MetadataSuffix;
        if (!File.Exists(metadataPath))
        {
            throw new InvalidDataException($"{_options.Source} needs its metadata: pass --metadata <file> holding the blob's metadata as JSON (e.g. az storage blob metadata show … > meta.json); {metadataPath} does not exist");
        }

        var (encryptionData, expected) = ReadMetadata(await File.ReadAllTextAsync(metadataPath, cancellationToken), metadataPath);
        await using var input = File.OpenRead(_options.Source);
        await using var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write);
        var (size, md5) = await BlobDecryptor.DecryptAsync(input, encryptionData, key, output, cancellationToken);
        return (size, md5, expected);
    }

    // The blob's metadata as an object of name → value (what az prints, what the local folder target writes), or the
    // encryptiondata value on its own.
    private static (EncryptionData Data, string? PlaintextMd5) ReadMetadata(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(EncryptionFormat.MetadataName, out var value) && value.ValueKind == JsonValueKind.String)
        {
            var md5 = root.TryGetProperty(EncryptedContent.PlaintextMd5Metadata, out var m) ? m.GetString() : null;
            return (EncryptionData.Parse(value.GetString()!), md5);
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("WrappedContentKey", out _)
            ? (EncryptionData.Parse(json), null)
            : throw new InvalidDataException($"{path} holds no {EncryptionFormat.MetadataName}: the blob is not encrypted, or this is not its metadata");
    }
}

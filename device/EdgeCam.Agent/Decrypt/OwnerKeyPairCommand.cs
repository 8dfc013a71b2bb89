using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCam.Agent.Cli;
using EdgeCam.BlobBuffer.Encryption;

namespace EdgeCam.Agent.Decrypt;

/// <summary>
/// <c>edgecam-agent encryption-key --out &lt;dir&gt;</c>: makes the owner's RSA-3072 key pair for BlobBuffer's encryption
/// (the private key readable by its owner only, never overwritten) and prints the twin section that turns it on.
/// </summary>
public sealed class OwnerKeyPairCommand
{
    public const string PrivateKeyFile = "owner-private-key.pem";
    public const string PublicKeyFile = "owner-public-key.pem";
    public const int KeySizeBits = 3072;

    private readonly string _directory;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public OwnerKeyPairCommand(string directory, TextWriter output, TextWriter error)
    {
        _directory = directory;
        _out = output;
        _error = error;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var privatePath = Path.Combine(_directory, PrivateKeyFile);
        try
        {
            if (File.Exists(privatePath))
            {
                throw new IOException($"{privatePath} exists; not overwriting a key that may be the only way to open uploaded clips");
            }

            Directory.CreateDirectory(_directory);
            using var rsa = RSA.Create(KeySizeBits);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new FileStream(privatePath, create))
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteAsync(rsa.ExportPkcs8PrivateKeyPem().AsMemory(), cancellationToken);
            }

            var publicPem = rsa.ExportSubjectPublicKeyInfoPem();
            await File.WriteAllTextAsync(Path.Combine(_directory, PublicKeyFile), publicPem + "\n", cancellationToken);
            var section = new JsonObject { ["encryption"] = new JsonObject { ["enabled"] = true, ["publicKey"] = publicPem } };
            await _out.WriteLineAsync($"private key: {privatePath} (keep it off devices and back it up: without it nothing uploaded can be opened)");
            await _out.WriteLineAsync($"public key:  {Path.Combine(_directory, PublicKeyFile)} (key id {OwnerPublicKey.Parse(publicPem).KeyId})");
            await _out.WriteLineAsync($"BlobBuffer desired properties: {section.ToJsonString()}");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await _error.WriteLineAsync($"error: encryption-key: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }
}

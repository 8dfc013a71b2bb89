using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Decrypt;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.Agent.Tests.Decrypt;

/// <summary>
/// The owner's round trip: <c>encryption-key</c> makes the pair, a file encrypted for its public key is uploaded to a
/// real Azurite by BlobBuffer's target, and <c>decrypt</c> gives the original back from the blob's URL and from the
/// raw blob plus its metadata; another key gets one line and exit code 2.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DecryptCommandTests : IDisposable
{
    private const string BlobName = "cam1/2026/12/01/evt-owner.mp4";
    private readonly TempDirectory _temp = new("decrypt-command");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_KeyPairFromTheCommandThenAnEncryptedBlob_DecryptsFromTheUrlAndFromTheRawFileWithItsMetadata()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var keys = _temp.Combine("owner");
        var (keygenCode, keygenOut, _) = await RunAsync("encryption-key", "--out", keys);
        var content = RandomNumberGenerator.GetBytes((5 * 1024 * 1024) + 11);
        await UploadEncryptedAsync(azurite, content, await File.ReadAllTextAsync(Path.Combine(keys, OwnerKeyPairCommand.PublicKeyFile)));
        var privateKey = Path.Combine(keys, OwnerKeyPairCommand.PrivateKeyFile);
        var sas = azurite.ContainerSasUri("edgecam", BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        var blobUrl = new UriBuilder(sas) { Path = sas.AbsolutePath + "/" + BlobName }.Uri.AbsoluteUri;
        var raw = _temp.Combine("raw.bin");
        await File.WriteAllBytesAsync(raw, await DownloadRawWithMetadataAsync(azurite, raw + ".metadata.json"));

        var (urlCode, urlOut, urlError) = await RunAsync("decrypt", "--key", privateKey, blobUrl, _temp.Combine("from-url.mp4"));
        var (fileCode, _, fileError) = await RunAsync("decrypt", "--key", privateKey, raw, _temp.Combine("from-file.mp4"));

        Assert.Equal(ExitCodes.Success, keygenCode);
        Assert.Contains("\"encryption\":{\"enabled\":true,\"publicKey\":\"-----BEGIN PUBLIC KEY-----", keygenOut, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(privateKey));
        Assert.True(urlCode == ExitCodes.Success, urlError);
        Assert.True(fileCode == ExitCodes.Success, fileError);
        Assert.Contains("as plaintextmd5 says", urlOut, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(_temp.Combine("from-url.mp4")));
        Assert.Equal(content, await File.ReadAllBytesAsync(_temp.Combine("from-file.mp4")));
        Assert.NotEqual(content, await File.ReadAllBytesAsync(raw));
    }

    [Fact]
    public async Task RunAsync_AnotherOwnersKey_OneLineAndBadInputAndNoOutputFile()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var owner = RSA.Create(2048);
        using var stranger = RSA.Create(2048);
        await UploadEncryptedAsync(azurite, RandomNumberGenerator.GetBytes(100_000), owner.ExportSubjectPublicKeyInfoPem());
        var strangerKey = _temp.Combine("stranger.pem");
        await File.WriteAllTextAsync(strangerKey, stranger.ExportPkcs8PrivateKeyPem());
        var raw = _temp.Combine("raw.bin");
        await File.WriteAllBytesAsync(raw, await DownloadRawWithMetadataAsync(azurite, _temp.Combine("meta.json")));

        var (code, _, error) = await RunAsync("decrypt", "--key", strangerKey, "--metadata", _temp.Combine("meta.json"), raw, _temp.Combine("out.mp4"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error: decrypt: the blob was encrypted for owner key ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(_temp.Combine("out.mp4")));
        Assert.False(File.Exists(_temp.Combine("out.mp4.partial")));
    }

    [Fact]
    public async Task RunAsync_RawFileWithoutMetadata_SaysHowToGiveIt()
    {
        using var owner = RSA.Create(2048);
        var key = _temp.Combine("owner.pem");
        await File.WriteAllTextAsync(key, owner.ExportPkcs8PrivateKeyPem());
        await File.WriteAllBytesAsync(_temp.Combine("raw.bin"), [1, 2, 3]);

        var (code, _, error) = await RunAsync("decrypt", "--key", key, _temp.Combine("raw.bin"), _temp.Combine("out.mp4"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("needs its metadata: pass --metadata <file>", error, StringComparison.Ordinal);
    }

    private static async Task UploadEncryptedAsync(AzuriteProcess azurite, byte[] content, string publicPem)
    {
        var directory = Directory.CreateTempSubdirectory("edgecam-owner-");
        try
        {
            var plain = Path.Combine(directory.FullName, "clip.mp4");
            await File.WriteAllBytesAsync(plain, content);
            var encrypted = new ClipEncryptor(OwnerPublicKey.Parse(publicPem)).Encrypt(plain, plain + ".sealed");
            var start = new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero);
            var clip = new BufferedClip("id", "cam1", "evt-owner", "clips/cam1/evt-owner.mp4", start, start.AddSeconds(20), encrypted.SizeBytes, encrypted.ContentMd5, start) { Encryption = encrypted.Content };
            var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
            await new AzureBlobTarget(client).UploadAsync(new UploadJob(clip, plain + ".sealed", "edgecam", BlobName, 1024 * 1024), CancellationToken.None);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // What an owner gets from the portal or az: the blob's bytes as they are, and its metadata as a JSON object.
    private static async Task<byte[]> DownloadRawWithMetadataAsync(AzuriteProcess azurite, string metadataPath)
    {
        var blob = new BlobContainerClient(azurite.ConnectionString, "edgecam", new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05)).GetBlobClient(BlobName);
        var metadata = new JsonObject();
        foreach (var (name, value) in (await blob.GetPropertiesAsync()).Value.Metadata)
        {
            metadata[name] = value;
        }

        await File.WriteAllTextAsync(metadataPath, metadata.ToJsonString());
        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentEntry.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

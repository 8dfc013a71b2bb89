using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;

namespace EdgeCam.BlobBuffer.Tests.Encryption;

public sealed class BlobDecryptorTests : IDisposable
{
    private readonly TempDirectory _temp = new("decryptor");
    private readonly (string PublicPem, string PrivatePem) _owner = OwnerKeys.Create();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Unit")]
    public async Task DecryptAsync_FileTheEncryptorWrote_GivesTheOriginalBytes()
    {
        var content = ClipFiles.Content((2 * EncryptionFormat.RegionDataSize) + 99, seed: 21);
        var (sealedPath, encrypted) = Encrypt(content);

        var (plain, size, md5) = await DecryptAsync(sealedPath, encrypted.Content.EncryptionData, _owner.PrivatePem);

        Assert.Equal(content, plain);
        Assert.Equal((content.LongLength, ClipFiles.Md5(content)), (size, md5));
        Assert.Equal(EncryptionFormat.CiphertextLength(content.Length), encrypted.SizeBytes);
        Assert.Equal(ClipFiles.Md5(File.ReadAllBytes(sealedPath)), encrypted.ContentMd5);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task DecryptAsync_OneByteChangedInTheSecondRegion_FailsNamingTheRegion()
    {
        var (sealedPath, encrypted) = Encrypt(ClipFiles.Content(EncryptionFormat.RegionDataSize + 5000, seed: 22));
        var bytes = File.ReadAllBytes(sealedPath);
        bytes[EncryptionFormat.RegionDataSize + 28 + 100] ^= 1;
        File.WriteAllBytes(sealedPath, bytes);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => DecryptAsync(sealedPath, encrypted.Content.EncryptionData, _owner.PrivatePem));

        Assert.Equal("region 1 fails authentication: the file is damaged or was changed", ex.Message);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task DecryptAsync_RegionsSwapped_FailsAsOutOfOrder()
    {
        var (sealedPath, encrypted) = Encrypt(ClipFiles.Content(2 * EncryptionFormat.RegionDataSize, seed: 23));
        var bytes = File.ReadAllBytes(sealedPath);
        var sealedRegion = EncryptionFormat.RegionDataSize + 28;
        File.WriteAllBytes(sealedPath, [.. bytes[sealedRegion..], .. bytes[..sealedRegion]]);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => DecryptAsync(sealedPath, encrypted.Content.EncryptionData, _owner.PrivatePem));

        Assert.StartsWith("region 0 is out of order", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task DecryptAsync_AnotherOwnersKey_FailsNamingBothKeys()
    {
        var (sealedPath, encrypted) = Encrypt(ClipFiles.Content(1000, seed: 24));
        var stranger = OwnerKeys.Create();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => DecryptAsync(sealedPath, encrypted.Content.EncryptionData, stranger.PrivatePem));

        Assert.StartsWith($"the blob was encrypted for owner key {encrypted.Content.KeyId}; this private key is ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Encrypt_SameFileTwice_EachTimeANewKey()
    {
        var content = ClipFiles.Content(10_000, seed: 25);

        var first = Encrypt(content);
        var second = Encrypt(content);

        Assert.NotEqual(first.Encrypted.Content.EncryptionData, second.Encrypted.Content.EncryptionData);
        Assert.NotEqual(first.Encrypted.ContentMd5, second.Encrypted.ContentMd5);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task DecryptAsync_BlobTheSdkItselfEncrypted_GivesTheOriginalBytes()
    {
        // The other direction of the format check: Azure.Storage.Blobs writes v2.0, EdgeCam's decryptor reads it.
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var content = ClipFiles.Content(EncryptionFormat.RegionDataSize + 777, seed: 26);
        using var key = OwnerPrivateKey.FromPem(_owner.PrivatePem);
        var options = new SpecializedBlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05)
        {
            ClientSideEncryption = new ClientSideEncryptionOptions(ClientSideEncryptionVersion.V2_0) { KeyEncryptionKey = key, KeyWrapAlgorithm = EncryptionFormat.KeyWrapAlgorithm },
        };
        var container = new BlobContainerClient(azurite.ConnectionString, "sdk", options);
        await container.CreateAsync();
        await container.GetBlobClient("made-by-sdk.bin").UploadAsync(new BinaryData(content));
        var (raw, properties) = await StoredBlobs.ReadAsync(azurite, "sdk", "made-by-sdk.bin");
        var sealedPath = _temp.Combine("sdk.bin");
        await File.WriteAllBytesAsync(sealedPath, raw);

        var (plain, _, _) = await DecryptAsync(sealedPath, properties.Metadata[EncryptionFormat.MetadataName], _owner.PrivatePem);

        Assert.Equal(content, plain);
    }

    private (string Path, EncryptedFile Encrypted) Encrypt(byte[] content)
    {
        var plainPath = _temp.Combine(Guid.NewGuid().ToString("N") + ".mp4");
        File.WriteAllBytes(plainPath, content);
        var sealedPath = plainPath + ".sealed";
        return (sealedPath, new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem)).Encrypt(plainPath, sealedPath));
    }

    private static async Task<(byte[] Plain, long Size, string Md5)> DecryptAsync(string sealedPath, string encryptionData, string privatePem)
    {
        using var key = OwnerPrivateKey.FromPem(privatePem);
        await using var input = File.OpenRead(sealedPath);
        using var output = new MemoryStream();
        var (size, md5) = await BlobDecryptor.DecryptAsync(input, EncryptionData.Parse(encryptionData), key, output, CancellationToken.None);
        return (output.ToArray(), size, md5);
    }
}

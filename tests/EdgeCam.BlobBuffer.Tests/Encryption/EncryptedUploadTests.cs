using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Tests.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Encryption;

/// <summary>
/// Files the store encrypted, uploaded by the ordinary resumable block upload to a real Azurite, then read back by
/// Azure.Storage.Blobs' own client-side decryption (v2.0) with the owner's private key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EncryptedUploadTests : IDisposable
{
    private const int BlockSize = 1024 * 1024;
    private readonly TempDirectory _temp = new("encrypted-upload");
    private readonly SharedVolume _volume;
    private readonly (string PublicPem, string PrivatePem) _owner = OwnerKeys.Create();

    public EncryptedUploadTests()
    {
        _volume = new SharedVolume(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UploadAsync_EncryptedClipInterruptedThenResumedAfterRestart_SdkDecryptsTheOriginalBytes()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var content = ClipFiles.Content((9 * 1024 * 1024) + 321, seed: 11);
        var message = ClipFiles.Write(_volume, "cam1", "evt-sealed", content);
        BufferedClip accepted;
        using (var store = Open(new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem))))
        {
            accepted = store.Accept(message, _volume).Clip;
            var crashing = new CountingBlockBlobClient(client, failAfterBlocks: 4);
            await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(crashing).UploadAsync(Job(store, accepted), CancellationToken.None));
        }

        // A restart without encryption in force: the pending file keeps what it was accepted as.
        using var reopened = Open(encryptor: null);
        var pending = Assert.Single(reopened.Pending());
        var resumed = new CountingBlockBlobClient(client);
        var receipt = await new AzureBlobTarget(resumed).UploadAsync(Job(reopened, pending), CancellationToken.None);

        Assert.Equal(accepted, pending);
        Assert.Equal(10 - 4, receipt.BlocksSent);
        var decrypted = await OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", receipt.BlobName, _owner.PrivatePem);
        Assert.Equal(ClipFiles.Md5(content), ClipFiles.Md5(decrypted));
        var (stored, properties) = await StoredBlobs.ReadAsync(azurite, "edgecam", receipt.BlobName);
        Assert.NotEqual(ClipFiles.Md5(content), ClipFiles.Md5(stored));
        Assert.Equal(EncryptionFormat.CiphertextLength(content.Length), stored.Length);
        Assert.Equal(ClipFiles.Md5(stored), Convert.ToBase64String(properties.ContentHash));
        Assert.Equal(ClipFiles.Md5(content), properties.Metadata[EncryptedContent.PlaintextMd5Metadata]);
        Assert.Contains("\"Protocol\":\"2.0\"", properties.Metadata[EncryptionFormat.MetadataName], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_WithoutAResolverOrWithAnotherKey_Fails()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var blobName = await UploadEncryptedAsync(azurite, ClipFiles.Content(300_000, seed: 12));
        var stranger = OwnerKeys.Create();

        var withoutKey = await Record.ExceptionAsync(() => OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", blobName, privatePem: null));
        var withAnotherKey = await Record.ExceptionAsync(() => OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", blobName, stranger.PrivatePem));

        Assert.NotNull(withoutKey);
        Assert.NotNull(withAnotherKey);
        Assert.Contains("does not open with this private key", withAnotherKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_EncryptedSnapshot_SdkDecryptsItAndTheBlobIsNotThePlaintext()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var jpeg = ClipFiles.Content(40_000, seed: 13);
        using var store = Open(new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem)));
        var snapshot = store.AcceptSnapshot(ClipFiles.WriteSnapshot(_volume, "cam1", "evt-snap", jpeg), _volume).Clip;

        var receipt = await new AzureBlobTarget(client).UploadAsync(Job(store, snapshot), CancellationToken.None);

        Assert.EndsWith("evt-snap.jpg", receipt.BlobName, StringComparison.Ordinal);
        Assert.Equal(jpeg, await OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", receipt.BlobName, _owner.PrivatePem));
        var (stored, properties) = await StoredBlobs.ReadAsync(azurite, "edgecam", receipt.BlobName);
        Assert.NotEqual(jpeg, stored);
        Assert.Equal("image/jpeg", properties.ContentType);
    }

    [Fact]
    public async Task UploadAsync_BlocksOfAnEarlierEncryptionOfTheSameClipStaged_NoneIsReusedAndTheBlobDecrypts()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var content = ClipFiles.Content((3 * 1024 * 1024) + 7, seed: 14);
        var message = ClipFiles.Write(_volume, "cam1", "evt-again", content);
        var encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));
        using (var first = Open(encryptor))
        {
            var clip = first.Accept(message, _volume).Clip;
            await Assert.ThrowsAsync<HttpRequestException>(() => new AzureBlobTarget(new CountingBlockBlobClient(client, failAfterBlocks: 3)).UploadAsync(Job(first, clip), CancellationToken.None));
        }

        // The buffer is lost (a new SD card, a wiped volume) and the clip is handed in again: a new key, new ciphertext.
        Directory.Delete(_volume.BufferDirectory, recursive: true);
        using var second = Open(encryptor);
        var again = second.Accept(message, _volume).Clip;
        var counting = new CountingBlockBlobClient(client);
        var receipt = await new AzureBlobTarget(counting).UploadAsync(Job(second, again), CancellationToken.None);

        Assert.Equal(4, receipt.BlocksSent);
        Assert.Equal(content, await OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", receipt.BlobName, _owner.PrivatePem));
    }

    [Fact]
    public async Task UploadAsync_ClipHandedInAgainAfterItWasConfirmed_RecognisedByItsPlaintextAndNotStoredTwice()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        var content = ClipFiles.Content(600_000, seed: 16);
        var message = ClipFiles.Write(_volume, "cam1", "evt-twice", content);
        using var store = Open(new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem)));
        var first = store.Accept(message, _volume).Clip;
        var firstReceipt = await new AzureBlobTarget(client).UploadAsync(Job(store, first), CancellationToken.None);
        store.MarkUploaded(first, firstReceipt.Location);

        // The recorder did not see its clipReady acknowledged (a crash) and sends it again: a new content key, new ciphertext.
        var again = store.Accept(message, _volume).Clip;
        var counting = new CountingBlockBlobClient(client);
        var receipt = await new AzureBlobTarget(counting).UploadAsync(Job(store, again), CancellationToken.None);

        Assert.NotEqual(first.ContentMd5, again.ContentMd5);
        Assert.Equal((firstReceipt.BlobName, 0, firstReceipt.ContentMd5), (receipt.BlobName, receipt.BlocksSent, receipt.ContentMd5));
        var names = new List<string>();
        await foreach (var blob in StoredBlobs.Container(azurite, "edgecam").GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        Assert.Equal([firstReceipt.BlobName], names);
        Assert.Equal(content, await OwnerKeys.DownloadDecryptedAsync(azurite, "edgecam", receipt.BlobName, _owner.PrivatePem));
    }

    [Fact]
    public void Accept_CrashedMidEncryption_LeftoversGoAtTheNextStartAndTheResentClipGetsANewKey()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt-crash", ClipFiles.Content(200_000, seed: 15));
        var encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));
        string firstKey;
        using (var store = Open(encryptor))
        {
            firstKey = store.Accept(message, _volume).Clip.Encryption!.EncryptionData;
        }

        // What a power cut in the middle of the encryption leaves: the plaintext link and a partial ciphertext, no journal line.
        File.Delete(Path.Combine(_volume.BufferDirectory, "journal.log"));
        var clips = Path.Combine(_volume.BufferDirectory, "clips");
        foreach (var file in Directory.GetFiles(clips))
        {
            File.Delete(file);
        }

        var id = ClipStore.ClipId("cam1", "evt-crash");
        File.WriteAllBytes(Path.Combine(clips, id + ".partial"), ClipFiles.Content(1000, seed: 16));
        File.WriteAllBytes(Path.Combine(clips, id + ".sealed.partial"), ClipFiles.Content(500, seed: 17));

        using var restarted = Open(encryptor);
        var resent = restarted.Accept(message, _volume).Clip;

        Assert.Empty(Directory.GetFiles(clips, "*.partial"));
        Assert.NotEqual(firstKey, resent.Encryption!.EncryptionData);
        Assert.Equal(message.ContentMd5, resent.Encryption.PlaintextMd5);
    }

    private ClipStore Open(ClipEncryptor? encryptor)
    {
        var store = ClipStore.Open(_volume.BufferDirectory, long.MaxValue, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Encryptor = encryptor;
        return store;
    }

    private static UploadJob Job(ClipStore store, BufferedClip clip) => new(clip, store.PathOf(clip), "edgecam", BlobNaming.For(clip), BlockSize);

    private async Task<string> UploadEncryptedAsync(AzuriteProcess azurite, byte[] content)
    {
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString));
        using var store = Open(new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem)));
        var clip = store.Accept(ClipFiles.Write(_volume, "cam1", "evt-" + content.Length, content), _volume).Clip;
        return (await new AzureBlobTarget(client).UploadAsync(Job(store, clip), CancellationToken.None)).BlobName;
    }
}

using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.Contracts;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Encryption;

/// <summary>A file accepted in plaintext, encrypted in the store once the owner's key is in force (ClipStore.Seal).</summary>
public sealed class ClipStoreSealTests : IDisposable
{
    private readonly TempDirectory _temp = new("store-seal");
    private readonly SharedVolume _volume;
    private readonly (string PublicPem, string PrivatePem) _owner = OwnerKeys.Create();

    public ClipStoreSealTests()
    {
        _volume = new SharedVolume(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Seal_ClipAcceptedInPlaintext_FileBecomesCiphertextThatDecryptsToTheOriginalAndSurvivesAReopen()
    {
        var content = ClipFiles.Content(700_001, seed: 41);
        var message = ClipFiles.Write(_volume, "cam1", "evt-late", content);
        BufferedClip sealedClip;
        using (var store = Open())
        {
            var plain = store.Accept(message, _volume).Clip;
            store.Encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));

            sealedClip = store.Seal(plain);

            Assert.NotNull(sealedClip.Encryption);
            Assert.Equal(EncryptionFormat.CiphertextLength(content.Length), new FileInfo(store.PathOf(sealedClip)).Length);
            Assert.Equal(sealedClip, Assert.Single(store.Pending()));
        }

        using var reopened = Open();
        var pending = Assert.Single(reopened.Pending());
        Assert.Equal(sealedClip, pending);
        Assert.Equal(message.ContentMd5, pending.IncomingMd5);
        Assert.Equal(content, await DecryptAsync(reopened.PathOf(pending), pending.Encryption!.EncryptionData));
    }

    [Fact]
    public void Seal_NoEncryptorOrAlreadyEncrypted_ReturnsTheClipUnchanged()
    {
        using var store = Open();
        var plain = store.Accept(ClipFiles.Write(_volume, "cam1", "evt-a", ClipFiles.Content(5_000, seed: 42)), _volume).Clip;

        Assert.Equal(plain, store.Seal(plain));
        store.Encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));
        var once = store.Seal(plain);
        Assert.Equal(once, store.Seal(once));
        Assert.Equal(once, store.Seal(plain));
    }

    [Fact]
    public void Seal_BufferedFileChangedOnDisk_ThrowsNamingTheClipAndKeepsThePlaintextRecord()
    {
        using var store = Open();
        var plain = store.Accept(ClipFiles.Write(_volume, "cam1", "evt-bad", ClipFiles.Content(5_000, seed: 43)), _volume).Clip;
        File.WriteAllBytes(store.PathOf(plain), ClipFiles.Content(5_000, seed: 44));
        store.Encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));

        var error = Assert.Throws<InvalidDataException>(() => store.Seal(plain));

        Assert.Contains("cam1/evt-bad", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(store.Pending()).Encryption);
    }

    [Fact]
    public void Open_SealedFileSwappedButItsJournalLineLost_TakesTheDescriptionThatMatchesTheFile()
    {
        var content = ClipFiles.Content(300_000, seed: 45);
        var message = ClipFiles.Write(_volume, "cam1", "evt-torn", content);
        BufferedClip sealedClip;
        using (var store = Open())
        {
            store.Accept(message, _volume);
            store.Encryptor = new ClipEncryptor(OwnerPublicKey.Parse(_owner.PublicPem));
            sealedClip = store.Seal(Assert.Single(store.Pending()));
        }

        // The process died after the swap and before the journal line: drop that last line.
        var journal = Path.Combine(_volume.BufferDirectory, "journal.log");
        var lines = File.ReadAllLines(journal);
        File.WriteAllLines(journal, lines[..^1]);

        using var reopened = Open();

        Assert.Equal(sealedClip, Assert.Single(reopened.Pending()));
    }

    private ClipStore Open() => ClipStore.Open(_volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);

    private async Task<byte[]> DecryptAsync(string path, string encryptionData)
    {
        using var key = OwnerPrivateKey.FromPem(_owner.PrivatePem);
        await using var input = File.OpenRead(path);
        using var output = new MemoryStream();
        await BlobDecryptor.DecryptAsync(input, EncryptionData.Parse(encryptionData), key, output, CancellationToken.None);
        return output.ToArray();
    }
}

using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Encryption;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Tests.Encryption;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.Testing;

namespace EdgeCam.BlobBuffer.Tests.Targets;

[Trait("Category", "Unit")]
public sealed class LocalFolderTargetTests
{
    [Fact]
    public async Task UploadAsync_Clip_CopiesUnderBlobNameWithSameMd5()
    {
        using var temp = new TempDirectory("localtarget");
        var content = ClipFiles.Content(50_000, 1);
        var source = temp.Combine("clip.mp4");
        await File.WriteAllBytesAsync(source, content);
        var start = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero);
        var clip = new BufferedClip("id", "cam1", "evt1", "clips/cam1/evt1.mp4", start, start, content.Length, ClipFiles.Md5(content), start);
        var target = new LocalFolderTarget(temp.Combine("uploaded"));

        var receipt = await target.UploadAsync(new UploadJob(clip, source, "edgecam", "cam1/2026/11/21/evt1.mp4", 4096), CancellationToken.None);

        Assert.Equal(temp.Combine("uploaded", "cam1", "2026", "11", "21", "evt1.mp4"), receipt.Location);
        Assert.Equal(content, await File.ReadAllBytesAsync(receipt.Location));
        Assert.Empty(Directory.GetFiles(temp.Combine("uploaded"), "*.uploading", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task UploadAsync_EncryptedClip_WritesItsMetadataBesideItAndTheTwoDecrypt()
    {
        using var temp = new TempDirectory("localtarget");
        var content = ClipFiles.Content(70_000, 3);
        var plain = temp.Combine("plain.mp4");
        await File.WriteAllBytesAsync(plain, content);
        var owner = OwnerKeys.Create();
        var encrypted = new ClipEncryptor(OwnerPublicKey.Parse(owner.PublicPem)).Encrypt(plain, temp.Combine("clip.sealed"));
        var start = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero);
        var clip = new BufferedClip("id", "cam1", "evt1", "clips/cam1/evt1.mp4", start, start, encrypted.SizeBytes, encrypted.ContentMd5, start) { Encryption = encrypted.Content };

        var receipt = await new LocalFolderTarget(temp.Combine("uploaded")).UploadAsync(new UploadJob(clip, temp.Combine("clip.sealed"), "edgecam", "cam1/2026/11/21/evt1.mp4", 4096), CancellationToken.None);

        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(receipt.Location + LocalFolderTarget.MetadataSuffix))!;
        Assert.Equal(ClipFiles.Md5(content), metadata[EncryptedContent.PlaintextMd5Metadata]!.GetValue<string>());
        using var key = OwnerPrivateKey.FromPem(owner.PrivatePem);
        await using var input = File.OpenRead(receipt.Location);
        using var output = new MemoryStream();
        await BlobDecryptor.DecryptAsync(input, EncryptionData.Parse(metadata[EncryptionFormat.MetadataName]!.GetValue<string>()), key, output, CancellationToken.None);
        Assert.Equal(content, output.ToArray());
    }

    [Fact]
    public async Task UploadAsync_SourceNotMatchingClipMd5_ThrowsAndLeavesNoFile()
    {
        using var temp = new TempDirectory("localtarget");
        var source = temp.Combine("clip.mp4");
        await File.WriteAllBytesAsync(source, ClipFiles.Content(1_000, 2));
        var start = DateTimeOffset.UnixEpoch;
        var clip = new BufferedClip("id", "cam1", "evt1", "x.mp4", start, start, 1_000, ClipFiles.Md5([0]), start);
        var target = new LocalFolderTarget(temp.Combine("uploaded"));

        await Assert.ThrowsAsync<InvalidDataException>(() => target.UploadAsync(new UploadJob(clip, source, "edgecam", "cam1/1970/01/01/evt1.mp4", 4096), CancellationToken.None));

        Assert.Empty(Directory.GetFiles(temp.Combine("uploaded"), "*", SearchOption.AllDirectories));
    }
}

using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Upload;

/// <summary>Event snapshots go up ahead of clips, on real Azurite.</summary>
[Trait("Category", "Integration")]
public sealed class ClipUploaderSnapshotTests
{
    [Fact]
    public async Task UploadOldestAsync_ClipAcceptedBeforeItsEventsSnapshot_UploadsTheSnapshotFirstWithoutAnUploadedMessage()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var temp = new TempDirectory("snapfirst");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        // The clip starts earlier (pre-roll) and arrives first: by age alone it would go up first.
        var eventStart = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        store.Accept(ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(300_000, 1), eventStart.AddSeconds(-5)), volume);
        var snapshot = ClipFiles.WriteSnapshot(volume, "cam1", "evt1", ClipFiles.Content(20_000, 2), eventStart);
        store.AcceptSnapshot(snapshot, volume);
        var uploader = new ClipUploader(store, new AzureBlobTarget(new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString))), TimeProvider.System, NullLogger<ClipUploader>.Instance);
        var confirmed = new List<ClipUploaded>();

        var first = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);
        var snapshotThere = await StoredBlobs.ExistsAsync(azurite, "edgecam", "cam1/2026/11/21/evt1.jpg");
        var clipThere = await StoredBlobs.ExistsAsync(azurite, "edgecam", "cam1/2026/11/21/evt1.mp4");
        var confirmedAfterFirst = confirmed.Count;
        var second = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal((UploadOutcomeKind.Uploaded, true, false, 0), (first.Kind, snapshotThere, clipThere, confirmedAfterFirst));
        Assert.Equal(UploadOutcomeKind.Uploaded, second.Kind);
        Assert.Equal("cam1/2026/11/21/evt1.mp4", Assert.Single(confirmed).BlobName);
        var (content, properties) = await StoredBlobs.ReadAsync(azurite, "edgecam", "cam1/2026/11/21/evt1.jpg");
        Assert.Equal(snapshot.ContentMd5, ClipFiles.Md5(content));
        Assert.Equal("image/jpeg", properties.ContentType);
        Assert.Empty(store.Pending());
    }

    private static Func<ClipUploaded, CancellationToken, Task> Confirm(List<ClipUploaded> into) => (uploaded, _) =>
    {
        into.Add(uploaded);
        return Task.CompletedTask;
    };
}

using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.DevKit.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Upload;

public sealed class ClipUploaderTests
{
    private const string WrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

    [Fact]
    [Trait("Category", "Integration")]
    public async Task UploadOldestAsync_WrongKey_ClipStaysPendingLongBackoffAndOneErrorLog()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var temp = new TempDirectory("uploader");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(10_000, 1)), volume);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionStringWithKey(WrongKey)));
        using var logs = new RecordingLoggerProvider();
        var uploader = new ClipUploader(store, new AzureBlobTarget(client), TimeProvider.System, logs.CreateLogger<ClipUploader>())
        {
            Settings = new BlobBufferSettings { RetryMinSeconds = 5, RetryMaxSeconds = 600 },
        };
        var confirmed = new List<ClipUploaded>();

        var first = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);
        var second = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal(UploadOutcomeKind.Failed, first.Kind);
        Assert.Equal(TimeSpan.FromSeconds(600), first.RetryAfter);
        Assert.Equal(UploadOutcomeKind.Failed, second.Kind);
        Assert.Empty(confirmed);
        Assert.Single(store.Pending());
        Assert.Contains("rejected the credentials (403 ", uploader.LastError, StringComparison.Ordinal);
        Assert.Contains("the clip stays buffered", uploader.LastError, StringComparison.Ordinal);
        Assert.Single(logs.At(LogLevel.Error));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task UploadOldestAsync_ReadOnlySasUsedToWrite_Clear403LineAndClipStaysBuffered()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await StoredBlobs.Container(azurite, "edgecam").CreateAsync();
        var expires = new DateTimeOffset(DateTime.UtcNow.AddHours(1).Date.AddDays(1), TimeSpan.Zero);
        var readOnly = azurite.ContainerSasUri("edgecam", BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, expires);
        using var temp = new TempDirectory("uploader");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(10_000, 1)), volume);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseContainerSasUrl(readOnly.AbsoluteUri));
        using var logs = new RecordingLoggerProvider();
        var uploader = new ClipUploader(store, new AzureBlobTarget(client), TimeProvider.System, logs.CreateLogger<ClipUploader>())
        {
            Settings = new BlobBufferSettings { RetryMinSeconds = 5, RetryMaxSeconds = 600 },
        };
        var confirmed = new List<ClipUploaded>();

        var outcome = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal((UploadOutcomeKind.Failed, TimeSpan.FromSeconds(600)), (outcome.Kind, outcome.RetryAfter));
        Assert.Empty(confirmed);
        Assert.Single(store.Pending());
        Assert.False(await StoredBlobs.ExistsAsync(azurite, "edgecam", "cam1/2026/11/21/evt1.mp4"));
        Assert.Equal(
            "upload of clip cam1/evt1 to storage account 'devstoreaccount1' failed: storage account 'devstoreaccount1' rejected the credentials "
            + $"(403 AuthorizationPermissionMismatch) on Stage Block; check the SAS: its permissions (c and w, or r and w), its expiry ({expires:yyyy-MM-dd} 00:00:00Z) and the device clock; the clip stays buffered",
            uploader.LastError);
        Assert.DoesNotContain("sig=", uploader.LastError, StringComparison.Ordinal);
        Assert.Single(logs.At(LogLevel.Error));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task UploadOldestAsync_TwoClips_UploadsOldestFirstThenIdle()
    {
        using var temp = new TempDirectory("uploader");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        var day = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        store.Accept(ClipFiles.Write(volume, "cam1", "later", ClipFiles.Content(100, 2), day.AddHours(2)), volume);
        store.Accept(ClipFiles.Write(volume, "cam1", "earlier", ClipFiles.Content(100, 3), day.AddHours(1)), volume);
        var uploader = new ClipUploader(store, new LocalFolderTarget(temp.Combine("uploaded")), TimeProvider.System, NullLogger<ClipUploader>.Instance);
        var confirmed = new List<ClipUploaded>();

        await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);
        await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);
        var third = await uploader.UploadOldestAsync(Confirm(confirmed), CancellationToken.None);

        Assert.Equal(["earlier", "later"], confirmed.Select(c => c.EventId));
        Assert.Equal(UploadOutcomeKind.Idle, third.Kind);
        Assert.Equal(0, store.PendingCount);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task UploadOldestAsync_ConfirmationFails_ClipStaysPending()
    {
        using var temp = new TempDirectory("uploader");
        var volume = new SharedVolume(temp.Path);
        using var store = ClipStore.Open(volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(100, 4)), volume);
        var uploader = new ClipUploader(store, new LocalFolderTarget(temp.Combine("uploaded")), TimeProvider.System, NullLogger<ClipUploader>.Instance);

        var outcome = await uploader.UploadOldestAsync((_, _) => throw new IOException("hub unreachable"), CancellationToken.None);

        Assert.Equal(UploadOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(1, store.PendingCount);
    }

    private static Func<ClipUploaded, CancellationToken, Task> Confirm(List<ClipUploaded> into) => (uploaded, _) =>
    {
        into.Add(uploaded);
        return Task.CompletedTask;
    };
}

using EdgeCam.BlobBuffer.Store;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Store;

[Trait("Category", "Unit")]
public sealed class ClipStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("clipstore");
    private readonly SharedVolume _volume;

    public ClipStoreTests()
    {
        _volume = new SharedVolume(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Accept_ThenReopen_NewInstanceRecoversPendingClip()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(10_000, 1));
        using (var store = Open())
        {
            store.Accept(message, _volume);
        }

        using var reopened = Open();

        var clip = Assert.Single(reopened.Pending());
        Assert.Equal(("cam1", "evt1", message.ContentMd5, 10_000L), (clip.CameraId, clip.EventId, clip.ContentMd5, clip.SizeBytes));
        Assert.True(File.Exists(reopened.PathOf(clip)));
    }

    [Fact]
    public void Accept_SourceDeletedAfterwards_BufferedCopySurvives()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(5_000, 2));
        using var store = Open();

        var clip = store.Accept(message, _volume).Clip;
        File.Delete(_volume.Resolve(message.ClipPath));

        Assert.Equal(message.ContentMd5, ClipFiles.Md5(File.ReadAllBytes(store.PathOf(clip))));
    }

    [Fact]
    public void MarkUploaded_ThenReopen_ClipIsGoneWithItsFile()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 3));
        string path;
        using (var store = Open())
        {
            var clip = store.Accept(message, _volume).Clip;
            path = store.PathOf(clip);
            store.MarkUploaded(clip, "https://example/edgecam/x.mp4");
            Assert.Equal(1, store.UploadedCount);
        }

        using var reopened = Open();

        Assert.Empty(reopened.Pending());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_TornLastJournalLine_WarnsWithLineNumberAndAdoptsClipFromDirectory()
    {
        var first = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 4));
        var second = ClipFiles.Write(_volume, "cam1", "evt2", ClipFiles.Content(2_000, 5), new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));
        using (var store = Open())
        {
            store.Accept(first, _volume);
            store.Accept(second, _volume);
        }

        var journal = Path.Combine(_volume.BufferDirectory, "journal.log");
        var bytes = File.ReadAllBytes(journal);
        File.WriteAllBytes(journal, bytes[..^40]); // kill -9 in the middle of the second append
        using var logs = new RecordingLoggerProvider();

        using var reopened = ClipStore.Open(_volume.BufferDirectory, 1L << 30, TimeProvider.System, logs.CreateLogger<ClipStore>());

        var warning = Assert.Single(logs.At(LogLevel.Warning), m => m.Contains("line", StringComparison.Ordinal));
        Assert.Contains("line 2 is corrupted", warning, StringComparison.Ordinal);
        Assert.Equal(["evt1", "evt2"], reopened.Pending().Select(c => c.EventId));
        Assert.Equal(second.ContentMd5, reopened.Pending()[1].ContentMd5);
    }

    [Fact]
    public void Open_ClipFileWithoutSidecarOrJournal_AdoptsItAsUnknownCamera()
    {
        Directory.CreateDirectory(Path.Combine(_volume.BufferDirectory, "clips"));
        var content = ClipFiles.Content(3_000, 6);
        File.WriteAllBytes(Path.Combine(_volume.BufferDirectory, "clips", "stray.mp4"), content);

        using var store = Open();

        var clip = Assert.Single(store.Pending());
        Assert.Equal((StoreRecovery.UnknownCamera, "stray", ClipFiles.Md5(content)), (clip.CameraId, clip.EventId, clip.ContentMd5));
    }

    [Fact]
    public void Accept_Md5Mismatch_RejectsWithClearErrorAndKeepsNothing()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 7)) with { ContentMd5 = ClipFiles.Md5([1, 2, 3]) };
        using var store = Open();

        var ex = Assert.Throws<ClipRejectedException>(() => store.Accept(message, _volume));

        Assert.Contains("cam1/evt1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not match its message", ex.Message, StringComparison.Ordinal);
        Assert.Empty(store.Pending());
        Assert.Equal(1, store.RejectedCount);
        Assert.Empty(Directory.GetFiles(Path.Combine(_volume.BufferDirectory, "clips")));
    }

    [Theory]
    [InlineData("../etc", "evt1")]
    [InlineData("cam1", "a/b")]
    [InlineData("cam1", "")]
    public void Accept_UnsafeNames_Rejected(string cameraId, string eventId)
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(10, 8)) with { CameraId = cameraId, EventId = eventId };
        using var store = Open();

        Assert.Throws<ClipRejectedException>(() => store.Accept(message, _volume));
    }

    [Fact]
    public void Accept_SameClipTwice_StoredOnce()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 9));
        using var store = Open();

        store.Accept(message, _volume);
        var again = store.Accept(message, _volume);

        Assert.True(again.WasDuplicate);
        Assert.Single(store.Pending());
    }

    [Fact]
    public void Accept_BufferFull_EvictsOldestClipsFirstAndCountsThem()
    {
        var day = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        var newest = ClipFiles.Write(_volume, "cam1", "c-newest", ClipFiles.Content(400, 10), day.AddHours(3));
        var oldest = ClipFiles.Write(_volume, "cam1", "a-oldest", ClipFiles.Content(400, 11), day.AddHours(1));
        var middle = ClipFiles.Write(_volume, "cam1", "b-middle", ClipFiles.Content(400, 12), day.AddHours(2));
        var incoming = ClipFiles.Write(_volume, "cam1", "d-incoming", ClipFiles.Content(700, 13), day.AddHours(4));
        using var store = ClipStore.Open(_volume.BufferDirectory, 1_400, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(newest, _volume);
        store.Accept(oldest, _volume);
        store.Accept(middle, _volume);

        var result = store.Accept(incoming, _volume);

        Assert.Equal(["a-oldest", "b-middle"], result.Evicted.Select(c => c.EventId));
        Assert.Equal(["c-newest", "d-incoming"], store.Pending().Select(c => c.EventId));
        Assert.Equal(2, store.EvictedCount);
        Assert.Equal(1_100, store.BufferedBytes);
    }

    [Fact]
    public void Accept_ClipLargerThanQuota_RejectedWithoutEvicting()
    {
        var small = ClipFiles.Write(_volume, "cam1", "small", ClipFiles.Content(100, 14));
        var huge = ClipFiles.Write(_volume, "cam1", "huge", ClipFiles.Content(2_000, 15));
        using var store = ClipStore.Open(_volume.BufferDirectory, 1_000, TimeProvider.System, NullLogger<ClipStore>.Instance);
        store.Accept(small, _volume);

        var ex = Assert.Throws<ClipRejectedException>(() => store.Accept(huge, _volume));

        Assert.Contains("larger than the whole buffer", ex.Message, StringComparison.Ordinal);
        Assert.Single(store.Pending());
    }

    [Fact]
    public void AcceptSnapshot_ClipOfTheSameEventAcceptedFirst_SnapshotLeadsAndBothSurviveAReopen()
    {
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        var clip = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(5_000, 7), start.AddSeconds(-5));
        var snapshot = ClipFiles.WriteSnapshot(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 8), start);
        using (var store = Open())
        {
            store.Accept(clip, _volume);
            store.AcceptSnapshot(snapshot, _volume);
        }

        using var reopened = Open();

        var pending = reopened.Pending();
        Assert.Equal([(BlobKinds.Snapshot, "evt1", snapshot.ContentMd5), (BlobKinds.Clip, "evt1", clip.ContentMd5)], pending.Select(c => (c.Kind, c.EventId, c.ContentMd5)));
        Assert.EndsWith(".jpg", reopened.PathOf(pending[0]), StringComparison.Ordinal);
        Assert.Equal(snapshot.ContentMd5, ClipFiles.Md5(File.ReadAllBytes(reopened.PathOf(pending[0]))));
    }

    [Fact]
    public void Open_SnapshotFileWithoutJournalLine_AdoptedAsASnapshot()
    {
        var snapshot = ClipFiles.WriteSnapshot(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 9));
        using (var store = Open())
        {
            store.AcceptSnapshot(snapshot, _volume);
        }

        File.WriteAllBytes(Path.Combine(_volume.BufferDirectory, "journal.log"), []); // the accepted line torn away

        using var reopened = Open();

        var adopted = Assert.Single(reopened.Pending());
        Assert.Equal((BlobKinds.Snapshot, "cam1", "evt1"), (adopted.Kind, adopted.CameraId, adopted.EventId));
    }

    [Fact]
    public void Pending_EveryKindAcceptedInReverseOrder_SnapshotsThenClipsAndExportsThenTimelapsesThenFootage()
    {
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        var footage = ClipFiles.Write(_volume, "cam1", "footage-1", ClipFiles.Content(2_000, 1), start.AddHours(-3));
        var timelapse = ClipFiles.Write(_volume, "cam1", "2026-11-20", ClipFiles.Content(2_000, 2), start.AddHours(-2));
        var export = ClipFiles.Write(_volume, "cam1", "export-1", ClipFiles.Content(2_000, 3), start.AddHours(-1));
        var clip = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(2_000, 4), start);
        var snapshot = ClipFiles.WriteSnapshot(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 5), start);
        using (var store = Open())
        {
            store.Accept(footage with { Kind = ClipKinds.Footage }, _volume);
            store.Accept(timelapse with { Kind = ClipKinds.Timelapse }, _volume);
            store.Accept(clip, _volume);
            store.Accept(export with { Kind = ClipKinds.Export }, _volume);
            store.AcceptSnapshot(snapshot, _volume);
        }

        using var reopened = Open();

        Assert.Equal(
            [BlobKinds.Snapshot, BlobKinds.Export, BlobKinds.Clip, BlobKinds.Timelapse, BlobKinds.Footage],
            reopened.Pending().Select(c => c.Kind));
    }

    [Fact]
    public void FirstAheadOf_FootageBehindAnExportAndATimelapse_TheHeadOfPendingThatGoesFirst()
    {
        var start = new DateTimeOffset(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);
        using var store = Open();
        store.Accept(ClipFiles.Write(_volume, "cam1", "footage-1", ClipFiles.Content(2_000, 1), start.AddHours(-3)) with { Kind = ClipKinds.Footage }, _volume);
        Assert.Null(store.FirstAheadOf(ClipKinds.Footage));

        store.Accept(ClipFiles.Write(_volume, "cam1", "2026-11-20", ClipFiles.Content(2_000, 2), start.AddHours(-2)) with { Kind = ClipKinds.Timelapse }, _volume);
        store.Accept(ClipFiles.Write(_volume, "cam1", "export-1", ClipFiles.Content(2_000, 3), start) with { Kind = ClipKinds.Export }, _volume);

        Assert.Equal(store.Pending()[0], store.FirstAheadOf(ClipKinds.Footage));
        Assert.Equal("export-1", store.FirstAheadOf(ClipKinds.Timelapse)?.EventId);
        Assert.Null(store.FirstAheadOf(ClipKinds.Export));
    }

    [Fact]
    public void Accept_UnknownKind_RejectedNamingTheKind()
    {
        var message = ClipFiles.Write(_volume, "cam1", "evt1", ClipFiles.Content(1_000, 6)) with { Kind = "hologram" };
        using var store = Open();

        var error = Assert.Throws<ClipRejectedException>(() => store.Accept(message, _volume));

        Assert.Contains("kind 'hologram'", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Pending());
    }

    private ClipStore Open() => ClipStore.Open(_volume.BufferDirectory, 1L << 30, TimeProvider.System, NullLogger<ClipStore>.Instance);
}

using EdgeCam.BlobBuffer.Reporting;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Reporting;

public sealed class BufferHealthReportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _temp = new("buffer-health");
    private readonly ManualTimeProvider _time = new(T0);
    private readonly SharedVolume _volume;
    private readonly ClipStore _store;
    private readonly ClipUploader _uploader;
    private readonly BufferHealthReport _report;

    public BufferHealthReportTests()
    {
        _volume = new SharedVolume(_temp.Path);
        _store = ClipStore.Open(_volume.BufferDirectory, 1L << 30, _time, NullLogger<ClipStore>.Instance);
        _uploader = new ClipUploader(_store, new LocalFolderTarget(_temp.Combine("uploaded")), _time, NullLogger<ClipUploader>.Instance);
        _report = new BufferHealthReport("BlobBuffer", _time);
    }

    [Fact]
    public void Next_FirstCall_ReportsTheEmptyBacklog()
    {
        var first = _report.Next(_store, _uploader);

        Assert.NotNull(first);
        Assert.Equal((0, true, null), (first.PendingCount, first.Uploading, first.OldestPendingSince));
    }

    [Fact]
    public void Next_BacklogTurnsNonEmpty_ReportsAtOnceWithTheOldestAcceptedTime()
    {
        _report.Next(_store, _uploader);
        _time.Advance(TimeSpan.FromSeconds(1));

        Accept("evt1");
        var report = _report.Next(_store, _uploader);

        Assert.NotNull(report);
        Assert.Equal(1, report.PendingCount);
        Assert.Equal(T0.AddSeconds(1), report.OldestPendingSince);
        Assert.Equal(10_000, report.PendingBytes);
    }

    [Fact]
    public void Next_CountsChangeWithinTheInterval_HeldBackThenSentAfterIt()
    {
        Accept("evt1");
        _report.Next(_store, _uploader);
        _time.Advance(TimeSpan.FromSeconds(5));

        Accept("evt2");
        var held = _report.Next(_store, _uploader);
        _time.Advance(BufferHealthReport.Interval);
        var sent = _report.Next(_store, _uploader);
        var unchanged = _report.Next(_store, _uploader);

        Assert.Null(held);
        Assert.Equal(2, sent?.PendingCount);
        Assert.Null(unchanged);
    }

    [Fact]
    public async Task Next_BacklogUploaded_ReportsAtOnceWithLastUpload()
    {
        Accept("evt1");
        _report.Next(_store, _uploader);
        _time.Advance(TimeSpan.FromSeconds(2));

        await _uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var report = _report.Next(_store, _uploader);

        Assert.NotNull(report);
        Assert.Equal(0, report.PendingCount);
        Assert.Null(report.OldestPendingSince);
        Assert.Equal(T0.AddSeconds(2), report.LastUploadAt);
    }

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private void Accept(string eventId) => _store.Accept(ClipFiles.Write(_volume, "cam1", eventId, ClipFiles.Content(10_000, 1)), _volume);
}

using EdgeCam.BlobBuffer.Reporting;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests.Reporting;

[Trait("Category", "Unit")]
public sealed class OutageReportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _temp = new("outage");
    private readonly ManualTimeProvider _time = new(T0);
    private readonly SharedVolume _volume;
    private readonly SwitchableTarget _target;
    private ClipStore _store;

    public OutageReportTests()
    {
        _volume = new SharedVolume(_temp.Path);
        _store = ClipStore.Open(_volume.BufferDirectory, 1L << 30, _time, NullLogger<ClipStore>.Instance);
        _target = new SwitchableTarget(new LocalFolderTarget(_temp.Combine("uploaded")));
    }

    [Fact]
    public async Task Next_OutageLongerThanTheThreshold_OneSummaryWithWhatHappenedMeanwhile()
    {
        var uploader = Uploader();
        var report = Open();
        Accept("before");
        _time.Advance(TimeSpan.FromSeconds(1));
        _target.Down = true;

        await Attempt(uploader, report); // the outage opens
        _time.Advance(TimeSpan.FromMinutes(10));
        Accept("e2");
        AcceptSnapshot("e2");
        Assert.Null(report.Next(_store, uploader, Threshold));
        Accept("e3");
        Accept("e3.part2");
        Accept("f1", ClipKinds.Footage);
        Assert.Null(report.Next(_store, uploader, Threshold));
        await Attempt(uploader, report);
        _time.Advance(TimeSpan.FromMinutes(10));
        _target.Down = false;
        await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var summary = report.Next(_store, uploader, Threshold);
        report.Sent();
        await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var after = report.Next(_store, uploader, Threshold);

        Assert.NotNull(summary);
        Assert.Equal(("BlobBuffer", T0.AddSeconds(1), T0.AddSeconds(1).AddMinutes(20)), (summary.Buffer, summary.From, summary.To));
        Assert.Equal((2, 4), (summary.EventsAccepted, summary.ClipsAccepted)); // e2 and e3; e2, e3, e3.part2, f1 (the snapshot is no clip)
        Assert.Equal((5, 50_000L), (summary.ClipsWaiting, summary.BytesWaiting)); // 6 accepted, the snapshot went first
        Assert.Equal(T0, summary.OldestPendingSince);
        Assert.Equal(0, summary.Evicted);
        Assert.Null(after);
        Assert.Null(report.OpenSince);
    }

    [Fact]
    public async Task Next_BlipShorterThanTheThreshold_NoSummaryAndTheOutageIsClosed()
    {
        var uploader = Uploader();
        var report = Open();
        Accept("e1");
        _target.Down = true;
        await Attempt(uploader, report);
        _time.Advance(Threshold - TimeSpan.FromSeconds(1));
        _target.Down = false;

        await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var summary = report.Next(_store, uploader, Threshold);

        Assert.Null(summary);
        Assert.Null(report.OpenSince);
        Assert.False(File.Exists(Path.Combine(_volume.BufferDirectory, OutageReport.FileName)));
    }

    [Fact]
    public async Task Next_RestartDuringTheOutage_OneSummaryFromTheFirstFailureWithCountsFromBothRuns()
    {
        var uploader = Uploader();
        var report = Open();
        Accept("e0");
        _time.Advance(TimeSpan.FromSeconds(1));
        _target.Down = true;
        await Attempt(uploader, report);
        _time.Advance(TimeSpan.FromMinutes(3));
        Accept("e1");
        Assert.Null(report.Next(_store, uploader, Threshold));

        // Restart: a new store instance, uploader and report on the same directory; nothing in memory survives.
        _store.Dispose();
        _store = ClipStore.Open(_volume.BufferDirectory, 1L << 30, _time, NullLogger<ClipStore>.Instance);
        uploader = Uploader();
        report = Open();
        var beforeFirstAttempt = report.Next(_store, uploader, Threshold);
        _time.Advance(TimeSpan.FromMinutes(3));
        Accept("e2");
        _target.Down = false;
        await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var summary = report.Next(_store, uploader, Threshold);

        Assert.Null(beforeFirstAttempt);
        Assert.NotNull(summary);
        Assert.Equal((T0.AddSeconds(1), T0.AddSeconds(1).AddMinutes(6)), (summary.From, summary.To));
        Assert.Equal((2, 2, 2), (summary.EventsAccepted, summary.ClipsAccepted, summary.ClipsWaiting)); // e1, e2 accepted; e1, e2 waiting (e0 went)
    }

    [Fact]
    public async Task Next_EvictionsDuringTheOutage_AreCounted()
    {
        _store.MaxBufferBytes = 25_000;
        var uploader = Uploader();
        var report = Open();
        Accept("e1");
        _time.Advance(TimeSpan.FromSeconds(1));
        _target.Down = true;
        await Attempt(uploader, report);

        _time.Advance(TimeSpan.FromMinutes(1));
        Accept("e2");
        Assert.Null(report.Next(_store, uploader, Threshold));
        _time.Advance(TimeSpan.FromMinutes(1));
        Accept("e3"); // 30 000 bytes do not fit 25 000: e1 is evicted
        Assert.Null(report.Next(_store, uploader, Threshold));
        _time.Advance(TimeSpan.FromMinutes(5));
        _target.Down = false;
        await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var summary = report.Next(_store, uploader, Threshold);

        Assert.Equal(1, summary?.Evicted);
        Assert.Equal(1, summary?.ClipsWaiting);
    }

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private ClipUploader Uploader() =>
        new(_store, _target, _time, NullLogger<ClipUploader>.Instance) { Settings = new() { RetryMinSeconds = 1 } };

    private OutageReport Open() => OutageReport.Open("BlobBuffer", _volume.BufferDirectory, _time);

    private async Task Attempt(ClipUploader uploader, OutageReport report)
    {
        var outcome = await uploader.UploadOldestAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(UploadOutcomeKind.Failed, outcome.Kind);
        Assert.Null(report.Next(_store, uploader, Threshold));
    }

    private void Accept(string eventId, string kind = ClipKinds.Event) =>
        _store.Accept(ClipFiles.Write(_volume, "cam1", eventId, ClipFiles.Content(10_000, eventId.Length)) with { Kind = kind }, _volume);

    private void AcceptSnapshot(string eventId) =>
        _store.AcceptSnapshot(ClipFiles.WriteSnapshot(_volume, "cam1", eventId, ClipFiles.Content(4_000, 3)), _volume);

    /// <summary>A local folder that fails every upload while <see cref="Down"/> (storage unreachable).</summary>
    private sealed class SwitchableTarget(IClipTarget inner) : IClipTarget
    {
        public bool Down { get; set; }

        public string Description => "switchable";

        public Task<TargetReceipt> UploadAsync(UploadJob job, CancellationToken cancellationToken) =>
            Down ? throw new IOException("storage unreachable") : inner.UploadAsync(job, cancellationToken);
    }
}

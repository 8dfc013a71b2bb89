using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

[Trait("Category", "Unit")]
public sealed class RetentionSweeperTests : IDisposable
{
    private readonly TempDirectory _dir = new("retain");
    private readonly SharedVolume _volume;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddMinutes(-10);

    public RetentionSweeperTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Sweep_OverSizeWithOpenEvent_DeletesOldestUnprotectedAndCounts()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", _started, 10), count: 10, segmentSeconds: 10, bytes: 1000);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var protections = new EventProtections();
        protections.Protect("evt", new ProtectedWindow("cam1", _started.AddSeconds(5), _started.AddSeconds(15), IsOpenEvent: true)); // segments 1 and 2
        var sweeper = new RetentionSweeper(index, protections, TimeProvider.System);

        var report = sweeper.Sweep(maxBytes: 6000, maxAge: TimeSpan.FromHours(1), openEventGrace: TimeSpan.FromHours(1));

        Assert.True(File.Exists(Path.Combine(dir, "seg_000001.ts")));
        Assert.True(File.Exists(Path.Combine(dir, "seg_000002.ts")));
        Assert.False(File.Exists(Path.Combine(dir, "seg_000003.ts")));
        Assert.False(File.Exists(Path.Combine(dir, "seg_000006.ts")));
        Assert.True(File.Exists(Path.Combine(dir, "seg_000007.ts")));
        Assert.Equal(new RetentionReport(SpoolBytes: 6000, Segments: 6, ProtectedSegments: 2, EvictedSegments: 4, EvictedBytes: 4000, EvictedByAge: 0, EvictedBySize: 4), report);
        Assert.Equal(6, index.AllSegments().Count);
    }

    [Fact]
    public void Sweep_EndedSessionFullyAgedOut_RemovesItsDirectory()
    {
        var old = new CaptureSession("cam1", "old", _started.AddHours(-3), 10, _started.AddHours(-3).AddSeconds(30));
        var oldDir = SpoolWriter.WritePlaceholders(_volume, old, count: 3, segmentSeconds: 10, bytes: 500);
        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "new", _started, 10), count: 2, segmentSeconds: 10, bytes: 500);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var sweeper = new RetentionSweeper(index, new EventProtections(), TimeProvider.System);

        var report = sweeper.Sweep(maxBytes: long.MaxValue, maxAge: TimeSpan.FromHours(1), openEventGrace: TimeSpan.FromHours(1));

        Assert.False(Directory.Exists(oldDir));
        Assert.Equal(3, report.EvictedByAge);
        Assert.Equal(2, index.AllSegments().Count);
    }
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Index;

/// <summary>The segment a capture was writing when it stopped (crash, SIGKILL): not listed, still indexed once the session is over.</summary>
[Trait("Category", "Unit")]
public sealed class SegmentIndexUnclosedTests : IDisposable
{
    private static readonly DateTimeOffset Started = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("index-unclosed");
    private readonly SharedVolume _volume;

    public SegmentIndexUnclosedTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Refresh_EndedSessionWithAnUnlistedLastSegment_IndexesItAsUnclosedAfterTheLastListed()
    {
        var session = new CaptureSession("cam1", "s1", Started, 2, EndedAt: Started.AddSeconds(7));
        var dir = SpoolWriter.WritePlaceholders(_volume, session, count: 3, segmentSeconds: 2, bytes: 188);
        File.WriteAllBytes(Path.Combine(dir, "seg_000004.ts"), new byte[1000]);
        var index = new SegmentIndex(_volume);

        index.Refresh();

        var segments = index.Segments("cam1");
        Assert.Equal(4, segments.Count);
        Assert.Equal(new RecordedSegment("cam1", "s1", Path.Combine(dir, "seg_000004.ts"), Started.AddSeconds(6), Started.AddSeconds(8), Unclosed: true), segments[^1]);
        Assert.DoesNotContain(segments.Take(3), s => s.Unclosed);
    }

    [Fact]
    public void Refresh_SessionStillRunning_SegmentBeingWrittenIsNotIndexed()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", Started, 2), count: 3, segmentSeconds: 2, bytes: 188);
        File.WriteAllBytes(Path.Combine(dir, "seg_000004.ts"), new byte[1000]);
        var index = new SegmentIndex(_volume);

        index.Refresh();

        Assert.Equal(3, index.Segments("cam1").Count);
        Assert.False(index.HasEnded("cam1", "s1"));
    }

    [Fact]
    public void Refresh_KilledSessionWithoutEndAndANewerSession_EndsItAndIndexesItsUnclosedSegment()
    {
        var killed = new CaptureSession("cam1", "20261121T120000000Z", Started, 2);
        var dir = SpoolWriter.WritePlaceholders(_volume, killed, count: 2, segmentSeconds: 2, bytes: 188);
        File.WriteAllBytes(Path.Combine(dir, "seg_000003.ts"), new byte[1000]);
        var index = new SegmentIndex(_volume);
        index.Refresh();
        var beforeRestart = (index.HasEnded("cam1", killed.SessionId), index.Segments("cam1").Count);

        SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "20261121T120010000Z", Started.AddSeconds(10), 2), count: 1, segmentSeconds: 2, bytes: 188);
        index.Refresh();

        Assert.Equal((false, 2), beforeRestart);
        Assert.True(index.HasEnded("cam1", killed.SessionId));
        Assert.False(index.HasEnded("cam1", "20261121T120010000Z"));
        var unclosed = Assert.Single(index.Segments("cam1"), s => s.Unclosed);
        Assert.Equal((Path.Combine(dir, "seg_000003.ts"), Started.AddSeconds(4)), (unclosed.Path, unclosed.Start));
    }

    [Fact]
    public void Refresh_UnlistedSegmentIsEmpty_NotIndexed()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", Started, 2, EndedAt: Started.AddSeconds(6)), count: 3, segmentSeconds: 2, bytes: 188);
        File.WriteAllBytes(Path.Combine(dir, "seg_000004.ts"), []);
        var index = new SegmentIndex(_volume);

        index.Refresh();

        Assert.Equal(3, index.Segments("cam1").Count);
        Assert.DoesNotContain(index.Segments("cam1"), s => s.Unclosed);
    }

    [Fact]
    public void Refresh_KilledInItsFirstSegment_UnclosedOneStartsAtTheSessionStart()
    {
        var session = new CaptureSession("cam1", "s1", Started, 4, EndedAt: Started.AddSeconds(3));
        var dir = _volume.SessionDirectory("cam1", "s1");
        SpoolWriter.WriteSession(_volume, session);
        File.WriteAllBytes(Path.Combine(dir, "seg_000000.ts"), new byte[5000]);
        var index = new SegmentIndex(_volume);

        index.Refresh();

        var only = Assert.Single(index.Segments("cam1"));
        Assert.Equal((Started, Started.AddSeconds(4), true), (only.Start, only.End, only.Unclosed));
    }
}

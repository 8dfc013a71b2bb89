using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Index;

[Trait("Category", "Unit")]
public sealed class SegmentIndexTests : IDisposable
{
    private static readonly DateTimeOffset Started = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("index");
    private readonly SharedVolume _volume;

    public SegmentIndexTests()
    {
        _volume = new SharedVolume(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Refresh_SessionWithList_PlacesSegmentsOnSessionClock()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", Started, 2), count: 3, segmentSeconds: 2, bytes: 188);
        var index = new SegmentIndex(_volume);

        index.Refresh();

        var segments = index.Segments("cam1");
        Assert.Equal(3, segments.Count);
        Assert.Equal(new RecordedSegment("cam1", "s1", Path.Combine(dir, "seg_000002.ts"), Started.AddSeconds(2), Started.AddSeconds(4)), segments[1]);
        Assert.False(index.HasEnded("cam1", "s1"));
        Assert.Empty(index.Segments("cam2"));
    }

    [Fact]
    public void Refresh_AppendedLineAndSessionEnd_PicksUpBoth()
    {
        var session = new CaptureSession("cam1", "s1", Started, 2);
        var dir = SpoolWriter.WritePlaceholders(_volume, session, count: 2, segmentSeconds: 2, bytes: 188);
        var index = new SegmentIndex(_volume);
        index.Refresh();

        File.WriteAllBytes(Path.Combine(dir, "seg_000003.ts"), new byte[188]);
        File.AppendAllText(Path.Combine(dir, CaptureSession.SegmentListFileName), "seg_000003.ts,4.000000,6.000000\n");
        SpoolWriter.WriteSession(_volume, session with { EndedAt = Started.AddSeconds(6) });
        File.SetLastWriteTimeUtc(Path.Combine(dir, CaptureSession.FileName), DateTime.UtcNow.AddSeconds(5));
        index.Refresh();

        Assert.Equal(3, index.Segments("cam1").Count);
        Assert.True(index.HasEnded("cam1", "s1"));
    }

    [Fact]
    public void Refresh_NoSessionFile_IgnoresDirectoryUntilItAppears()
    {
        var dir = _volume.SessionDirectory("cam1", "s1");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, CaptureSession.SegmentListFileName), "seg_000001.ts,0,2\n");
        var index = new SegmentIndex(_volume);

        index.Refresh();
        var before = index.Segments("cam1").Count;
        File.WriteAllBytes(Path.Combine(dir, "seg_000001.ts"), new byte[188]);
        SpoolWriter.WriteSession(_volume, new CaptureSession("cam1", "s1", Started, 2));
        index.Refresh();

        Assert.Equal(0, before);
        Assert.Single(index.Segments("cam1"));
    }

    [Fact]
    public void Refresh_ListedFileGoneAtStartup_IsNotIndexed()
    {
        var dir = SpoolWriter.WritePlaceholders(_volume, new CaptureSession("cam1", "s1", Started, 2), count: 3, segmentSeconds: 2, bytes: 188);
        File.Delete(Path.Combine(dir, "seg_000001.ts"));
        var index = new SegmentIndex(_volume);

        index.Refresh();

        Assert.Equal([Started.AddSeconds(2), Started.AddSeconds(4)], index.Segments("cam1").Select(s => s.Start));
    }
}

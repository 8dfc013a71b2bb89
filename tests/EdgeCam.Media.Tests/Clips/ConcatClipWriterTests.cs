using EdgeCam.Media.Clips;
using EdgeCam.Media.Processes;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Clips;

[Trait("Category", "Integration")]
public sealed class ConcatClipWriterTests : IAsyncLifetime, IDisposable
{
    /// <summary>Copy-mode output lasts what its packets last: within one frame (1/15 s) plus rounding.</summary>
    private const double DurationTolerance = 0.1;

    private readonly TempDirectory _dir = new("concat");
    private MediaProbe _probe = null!;
    private ConcatClipWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _probe = new MediaProbe(RequiredTool.Ffprobe());
        _writer = new ConcatClipWriter(_probe, RequiredTool.Ffmpeg());
        await SyntheticSegments.WriteAsync(_dir.Path, 10, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_WholeSegments_WritesFaststartMp4WithTheirDuration()
    {
        var output = _dir.Combine("clips", "whole.mp4");

        await _writer.WriteAsync([Part(2), Part(3), Part(4)], output, CancellationToken.None);

        var times = await _probe.ReadTimesAsync(output, CancellationToken.None);
        Assert.InRange(times.DurationSeconds, 6.0 - DurationTolerance, 6.0 + DurationTolerance);
        var boxes = Mp4Boxes.TopLevel(output);
        Assert.True(boxes.IndexOf("moov") >= 0 && boxes.IndexOf("moov") < boxes.IndexOf("mdat"), "moov must precede mdat: " + string.Join(",", boxes));
        Assert.Empty(Directory.GetFiles(_dir.Combine("clips"), ".*"));
    }

    [Fact]
    public async Task WriteAsync_InpointOnKeyframeAndOutpoint_TrimsBothEnds()
    {
        var first = await _probe.ReadKeyframesAsync(Seg(2), CancellationToken.None);
        var last = await _probe.ReadKeyframesAsync(Seg(4), CancellationToken.None);
        var inpoint = first.KeyframeAtOrBefore(first.FirstPacketSeconds + 1.5);
        var output = _dir.Combine("clips", "trimmed.mp4");

        await _writer.WriteAsync([Part(2) with { InpointSeconds = inpoint!.DecodeSeconds }, Part(3), Part(4) with { OutpointSeconds = last.FirstPacketSeconds + 0.5 }], output, CancellationToken.None);

        // 1 s of the first (from its keyframe at +1 s), 2 s, then 0.5 s of the last.
        Assert.True(inpoint.DecodeSeconds < inpoint.PresentationSeconds, "the test segments must have B-frames");
        Assert.Equal(first.FirstPacketSeconds + 1.0, inpoint.PresentationSeconds, 3);
        var times = await _probe.ReadTimesAsync(output, CancellationToken.None);

        // The outpoint compares decode times too, so frames shown up to the B-frame delay after it are kept: never less.
        var bFrameDelay = inpoint.PresentationSeconds - inpoint.DecodeSeconds;
        Assert.InRange(times.DurationSeconds, 3.5 - DurationTolerance, 3.5 + bFrameDelay + DurationTolerance);
    }

    [Fact]
    public async Task ReadKeyframesAsync_OneSecondGop_ListsAKeyframeEverySecond()
    {
        var keys = await _probe.ReadKeyframesAsync(Seg(3), CancellationToken.None);

        Assert.Equal(2, keys.Keyframes.Count);
        Assert.Equal(SyntheticSegments.KeyframeIntervalSeconds, keys.Keyframes[1].PresentationSeconds - keys.Keyframes[0].PresentationSeconds, 3);
        Assert.Equal(keys.FirstPacketSeconds, keys.Keyframes[0].PresentationSeconds, 3);
    }

    [Fact]
    public async Task WriteAsync_MissingSegment_ThrowsNamingIt()
    {
        File.Delete(Seg(3));

        var ex = await Assert.ThrowsAsync<ClipCutException>(() => _writer.WriteAsync([Part(2), Part(3)], _dir.Combine("clips", "x.mp4"), CancellationToken.None));

        Assert.Equal(Seg(3), ex.SegmentPath);
        Assert.Contains("seg_000003.ts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("clips", "x.mp4")));
    }

    [Fact]
    public async Task WriteAsync_SegmentCutMidPacket_ThrowsTruncatedNamingIt()
    {
        Truncate(Seg(3), 50_000);

        var ex = await Assert.ThrowsAsync<ClipCutException>(() => _writer.WriteAsync([Part(2), Part(3)], _dir.Combine("clips", "x.mp4"), CancellationToken.None));

        Assert.Equal(Seg(3), ex.SegmentPath);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SegmentCutOnPacketBoundary_ThrowsTruncatedByDuration()
    {
        Truncate(Seg(3), 188 * 150);

        var ex = await Assert.ThrowsAsync<ClipCutException>(() => _writer.WriteAsync([Part(2), Part(3)], _dir.Combine("clips", "x.mp4"), CancellationToken.None));

        Assert.Equal(Seg(3), ex.SegmentPath);
        Assert.Contains("promised", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_HevcSegments_TagsClipHvc1ForApplePlayers()
    {
        var hevc = _dir.Combine("hevc");
        await SyntheticSegments.WriteAsync(hevc, 4, "libx265", CancellationToken.None);
        var output = _dir.Combine("clips", "hevc.mp4");

        await _writer.WriteAsync([new ConcatPart(Path.Combine(hevc, "seg_000001.ts")), new ConcatPart(Path.Combine(hevc, "seg_000002.ts"))], output, CancellationToken.None);

        var probe = await ToolRunner.RunAsync(
            RequiredTool.Ffprobe(), ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,codec_tag_string", "-of", "csv=p=0", output], CancellationToken.None);
        Assert.Equal("hevc,hvc1", probe.StandardOutput.Trim());
    }

    [Fact]
    public async Task WriteAsync_H264Segments_KeepsAvc1Tag()
    {
        var output = _dir.Combine("clips", "h264.mp4");

        await _writer.WriteAsync([Part(1), Part(2)], output, CancellationToken.None);

        var probe = await ToolRunner.RunAsync(
            RequiredTool.Ffprobe(), ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,codec_tag_string", "-of", "csv=p=0", output], CancellationToken.None);
        Assert.Equal("h264,avc1", probe.StandardOutput.Trim());
    }

    [Fact]
    public void BuildList_PathWithQuote_EscapesItAndWritesPoints()
    {
        var list = ConcatClipWriter.BuildList([new ConcatPart("/data/it's.ts", 1.4, null), new ConcatPart("/data/b.ts", null, 2.25)]);

        Assert.Equal("ffconcat version 1.0\nfile '/data/it'\\''s.ts'\ninpoint 1.4\nfile '/data/b.ts'\noutpoint 2.25\n", list);
    }

    private string Seg(int number) => _dir.Combine($"seg_{number:000000}.ts");

    private ConcatPart Part(int number) => new(Seg(number), ExpectedDurationSeconds: 2.0);

    private static void Truncate(string path, int bytes)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(bytes);
    }
}

using EdgeCam.Media.Clips;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Clips;

/// <summary>What a clip can take from damaged segments, on real ffmpeg segments (15 fps, B-frames, 2 s each).</summary>
[Trait("Category", "Integration")]
public sealed class SegmentInspectorTests : IAsyncLifetime, IDisposable
{
    private const double SegmentSeconds = 2;
    private const double FrameSeconds = 1.0 / 15;

    private readonly TempDirectory _dir = new("inspect");
    private MediaProbe _probe = null!;
    private SegmentInspector _inspector = null!;

    public async Task InitializeAsync()
    {
        _probe = new MediaProbe(RequiredTool.Ffprobe());
        _inspector = new SegmentInspector(_probe);
        await SyntheticSegments.WriteAsync(_dir.Path, 8, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InspectAsync_WholeSegment_IsWhole()
    {
        var condition = await _inspector.InspectAsync(Seg(2), SegmentSeconds, unclosed: false, CancellationToken.None);

        Assert.Equal(SegmentCondition.Whole(Seg(2), new FileInfo(Seg(2)).Length, SegmentSeconds), condition);
    }

    [Fact]
    public async Task InspectAsync_CutAtARandomByte_KeepsTheReadableBeginningAndJoinsIt()
    {
        var length = new FileInfo(Seg(2)).Length;
        var cut = new Random(188).NextInt64(length / 3, length - 1);
        Truncate(Seg(2), cut);

        var condition = await _inspector.InspectAsync(Seg(2), SegmentSeconds, unclosed: false, CancellationToken.None);
        var output = _dir.Combine("clips", "salvaged.mp4");
        await new ConcatClipWriter(_probe, RequiredTool.Ffmpeg()).WriteAsync(
            [new ConcatPart(Seg(1)), new ConcatPart(Seg(2), OutpointSeconds: condition.OutpointSeconds, Truncated: true), new ConcatPart(Seg(3))], output, CancellationToken.None);

        Assert.Equal((SegmentDamage.Truncated, cut, true), (condition.Damage, condition.Bytes, condition.IsUsable));
        Assert.InRange(condition.ReadableSeconds, FrameSeconds, SegmentSeconds - FrameSeconds);
        Assert.Contains($"'{Seg(2)}' is truncated ({cut} bytes): its first", condition.Describe(), StringComparison.Ordinal);
        var times = await _probe.ReadTimesAsync(output, CancellationToken.None);
        var expected = SegmentSeconds + condition.ReadableSeconds + SegmentSeconds;
        Assert.InRange(times.DurationSeconds, expected - (3 * FrameSeconds), expected + (3 * FrameSeconds));
    }

    [Fact]
    public async Task InspectAsync_CutOnAPacketBoundary_TruncatedByItsDuration()
    {
        Truncate(Seg(2), SegmentInspector.TsPacketBytes * 150);

        var condition = await _inspector.InspectAsync(Seg(2), SegmentSeconds, unclosed: false, CancellationToken.None);

        Assert.Equal(SegmentDamage.Truncated, condition.Damage);
        Assert.True(condition.IsUsable);
        Assert.InRange(condition.ReadableSeconds, 0, SegmentSeconds - 0.5);
    }

    [Fact]
    public async Task InspectAsync_CutBeforeTheFirstFrame_NothingUsable()
    {
        Truncate(Seg(2), 400);

        var condition = await _inspector.InspectAsync(Seg(2), SegmentSeconds, unclosed: false, CancellationToken.None);

        Assert.False(condition.IsUsable);
        Assert.EndsWith("skipped", condition.Describe(), StringComparison.Ordinal);
        Assert.Contains(Seg(2), condition.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_EmptyOrMissing_NothingUsableAndSaysWhich()
    {
        Truncate(Seg(2), 0);
        File.Delete(Seg(3));

        var empty = await _inspector.InspectAsync(Seg(2), SegmentSeconds, unclosed: false, CancellationToken.None);
        var missing = await _inspector.InspectAsync(Seg(3), SegmentSeconds, unclosed: false, CancellationToken.None);

        Assert.Equal($"Segment '{Seg(2)}' is empty (0 bytes): skipped", empty.Describe());
        Assert.Equal($"Segment '{Seg(3)}' is missing: skipped", missing.Describe());
        Assert.False(empty.IsUsable || missing.IsUsable);
    }

    [Fact]
    public async Task InspectAsync_UnclosedWholeLookingSegment_ReadAsTruncatedUpToItsLastPacket()
    {
        var condition = await _inspector.InspectAsync(Seg(3), expectedSeconds: null, unclosed: true, CancellationToken.None);

        Assert.Equal(SegmentDamage.Truncated, condition.Damage);
        Assert.InRange(condition.ReadableSeconds, SegmentSeconds - (2 * FrameSeconds), SegmentSeconds);
    }

    [Fact]
    public async Task WriteAsync_TruncatedPartWithoutOutpoint_RefusedNamingIt()
    {
        var ex = await Assert.ThrowsAsync<ClipCutException>(() => new ConcatClipWriter(_probe, RequiredTool.Ffmpeg())
            .WriteAsync([new ConcatPart(Seg(2), Truncated: true)], _dir.Combine("clips", "x.mp4"), CancellationToken.None));

        Assert.Equal(Seg(2), ex.SegmentPath);
    }

    private string Seg(int number) => _dir.Combine($"seg_{number:000000}.ts");

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(length);
    }
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Media.Clips;
using EdgeCam.Media.Processes;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder.Tests.Cutting;

/// <summary>
/// Segments damaged by a crash or a full disk (truncated, 0 bytes, missing, never closed) do not lose the clip: the clip
/// is cut from what can be read, its duration is that footage, and each bad segment is named once. Real ffmpeg segments.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClipCutterSalvageTests : IAsyncLifetime, IDisposable
{
    private const double FrameSeconds = 1.0 / 15;

    /// <summary>A copy-mode clip lasts its packets: a frame or two of rounding at each joint.</summary>
    private const double DurationTolerance = 0.25;

    private static readonly DateTimeOffset Started = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("salvage");
    private readonly RecordingLoggerProvider _logs = new();
    private SharedVolume _volume = null!;
    private MediaProbe _probe = null!;
    private ClipCutter _cutter = null!;
    private string _sessionDir = null!;

    public async Task InitializeAsync()
    {
        _volume = new SharedVolume(_dir.Path);
        _probe = new MediaProbe(RequiredTool.Ffprobe());
        _cutter = new ClipCutter(_volume, _probe, new ConcatClipWriter(_probe, RequiredTool.Ffmpeg()), _logs.CreateLogger<ClipCutter>());
        _sessionDir = await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", Started, 2, Started.AddSeconds(20)), seconds: 20);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CutAsync_OneSegmentTruncatedAtARandomByteAndOneEmpty_ClipHoldsTheRestAndEachIsNamedOnce()
    {
        // Segments are 2 s from 0 s: seg_000004 is 6..8 s, seg_000006 10..12 s.
        var truncated = Path.Combine(_sessionDir, "seg_000004.ts");
        var empty = Path.Combine(_sessionDir, "seg_000006.ts");
        var length = new FileInfo(truncated).Length;
        var cut = new Random(20261130).NextInt64(length / 4, length - 1);
        Truncate(truncated, cut);
        Truncate(empty, 0);
        var readable = await ReadableSecondsAsync(truncated);
        var index = Index();
        var request = new ClipRequest(Started.AddSeconds(5), Started.AddSeconds(14), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(120));
        var plan = ClipPlanner.Plan(index.Segments("cam1"), request); // window 4 .. 14.5 s

        var clip = await _cutter.CutAsync("cam1", "evt-salvaged", plan, CancellationToken.None);
        await _cutter.CutAsync("cam1", "evt-again", plan, CancellationToken.None);

        var path = _volume.Resolve(clip.ClipPath);
        Assert.True(File.Exists(path));
        Assert.Equal("h264", await _probe.ReadVideoCodecAsync(path, CancellationToken.None));
        var times = await _probe.ReadTimesAsync(path, CancellationToken.None);
        // The good parts: 4..6, the readable start of 6..8, 8..10, 12..14.5 (10..12 is empty).
        var expected = 2 + readable + 2 + 2.5;
        Assert.InRange(times.DurationSeconds, expected - DurationTolerance, expected + DurationTolerance);
        Assert.Equal(times.DurationSeconds, clip.Duration.TotalSeconds, 3);
        Assert.Equal(Started.AddSeconds(4), clip.Start);
        var warnings = _logs.At(LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.Single(warnings, w => w.Contains($"'{truncated}' is truncated ({cut} bytes)", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains($"'{empty}' is empty (0 bytes): skipped", StringComparison.Ordinal) && w.Contains("lose 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CutAsync_FirstSegmentOfTheWindowEmpty_ClipStartsWithTheNextOne()
    {
        var empty = Path.Combine(_sessionDir, "seg_000003.ts"); // 4..6 s
        Truncate(empty, 0);
        var request = new ClipRequest(Started.AddSeconds(5), Started.AddSeconds(8), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));
        var plan = ClipPlanner.Plan(Index().Segments("cam1"), request); // window 4.5 .. 9 s

        var start = await _cutter.FirstFrameAsync(plan, CancellationToken.None);
        var clip = await _cutter.CutAsync("cam1", "evt-late", plan, CancellationToken.None);

        Assert.Equal(Started.AddSeconds(6), start);
        Assert.Equal(Started.AddSeconds(6), clip.Start);
        Assert.InRange(clip.Duration.TotalSeconds, 3 - DurationTolerance, 3 + DurationTolerance);
        Assert.Single(_logs.At(LogLevel.Warning), w => w.Contains(empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CutAsync_MissingSegment_SkippedAndNamed()
    {
        var gone = Path.Combine(_sessionDir, "seg_000006.ts"); // 10..12 s
        var index = Index();
        File.Delete(gone);
        var request = new ClipRequest(Started.AddSeconds(9), Started.AddSeconds(13), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));

        var clip = await _cutter.CutAsync("cam1", "evt-gone", ClipPlanner.Plan(index.Segments("cam1"), request), CancellationToken.None); // 8 .. 14 s

        Assert.InRange(clip.Duration.TotalSeconds, 4 - DurationTolerance, 4 + DurationTolerance);
        Assert.Single(_logs.At(LogLevel.Warning), w => w.Contains($"'{gone}' is missing: skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CutAsync_EverySegmentOfTheWindowEmpty_FailsNamingTheFirst()
    {
        var first = Path.Combine(_sessionDir, "seg_000003.ts");
        Truncate(first, 0);
        Truncate(Path.Combine(_sessionDir, "seg_000004.ts"), 0);
        var request = new ClipRequest(Started.AddSeconds(4.5), Started.AddSeconds(7), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(120));

        var ex = await Assert.ThrowsAsync<ClipCutException>(() => _cutter.CutAsync("cam1", "evt-none", ClipPlanner.Plan(Index().Segments("cam1"), request), CancellationToken.None));

        Assert.Equal(first, ex.SegmentPath);
        Assert.Contains("No readable footage", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, _logs.At(LogLevel.Warning).Count);
    }

    [Fact]
    public async Task CutAsync_CaptureKilledWhileWritingASegment_ItsReadablePartIsInTheClip()
    {
        // A capture like CameraCapture's, killed mid-segment: no end in session.json, the last segment unlisted and cut
        // wherever the kill landed; the camera's next session then begins.
        var killedAt = Started.AddMinutes(5);
        var session = new CaptureSession("cam1", "s2", killedAt, 2);
        var dir = await RecordKilledSessionAsync(session);
        SpoolWriter.WriteSession(_volume, new CaptureSession("cam1", "s3", killedAt.AddSeconds(30), 2));
        var index = Index();
        var unclosed = Assert.Single(index.Segments("cam1"), s => s.Unclosed);
        var listed = index.Segments("cam1").Where(s => s.SessionId == "s2" && !s.Unclosed).ToList();
        var readable = await ReadableSecondsAsync(unclosed.Path);
        var request = new ClipRequest(listed[^1].Start, unclosed.End, TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120));

        var clip = await _cutter.CutAsync("cam1", "evt-crash", ClipPlanner.Plan(index.Segments("cam1"), request), CancellationToken.None);

        Assert.True(readable > 0, $"the kill left nothing readable in {unclosed.Path}");
        var times = await _probe.ReadTimesAsync(_volume.Resolve(clip.ClipPath), CancellationToken.None);
        var expected = listed[^1].Duration.TotalSeconds + readable;
        Assert.InRange(times.DurationSeconds, expected - DurationTolerance, expected + DurationTolerance);
        Assert.Single(_logs.At(LogLevel.Warning), w => w.Contains($"'{unclosed.Path}' is truncated", StringComparison.Ordinal) && w.Contains("the capture stopped while writing it", StringComparison.Ordinal));
    }

    private SegmentIndex Index()
    {
        var index = new SegmentIndex(_volume);
        index.Refresh();
        return index;
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(length);
    }

    // What an honest reader gets from a truncated segment: its whole frames, the last packet (maybe cut short) not counted.
    private static async Task<double> ReadableSecondsAsync(string path)
    {
        var result = await ToolRunner.RunAsync(RequiredTool.Ffprobe(), ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts_time", "-of", "csv=p=0", path], CancellationToken.None);
        var packets = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return Math.Max(0, packets - 1) * FrameSeconds;
    }

    // What a SIGKILL of the capture leaves (measured with ffmpeg 5.1: it writes a segment file in 256 KB blocks and lists
    // a segment only once it is closed): segments written as capture writes them, the last one unlisted and cut at a
    // random byte, no end in session.json.
    private async Task<string> RecordKilledSessionAsync(CaptureSession session)
    {
        var dir = await SpoolWriter.RecordAsync(_volume, session, seconds: 6);
        var list = Path.Combine(dir, CaptureSession.SegmentListFileName);
        var lines = File.ReadAllLines(list);
        File.WriteAllLines(list, lines[..^1]);
        var last = Path.Combine(dir, lines[^1].Split(',')[0]);
        Truncate(last, new Random(8).NextInt64(new FileInfo(last).Length / 4, new FileInfo(last).Length - 1));
        return dir;
    }
}

using System.Security.Cryptography;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using EdgeCam.SegmentRecorder.Tests.Fakes;
using EdgeCam.Testing;

namespace EdgeCam.SegmentRecorder.Tests.Cutting;

[Trait("Category", "Integration")]
public sealed class ClipCutterTests : IAsyncLifetime, IDisposable
{
    /// <summary>A copy-mode clip lasts its packets: one frame (1/15 s) plus rounding.</summary>
    private const double DurationTolerance = 0.1;

    private static readonly DateTimeOffset Started = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("cutter");
    private SharedVolume _volume = null!;
    private SegmentIndex _index = null!;
    private ClipCutter _cutter = null!;

    public async Task InitializeAsync()
    {
        _volume = new SharedVolume(_dir.Path);
        var probe = new MediaProbe(RequiredTool.Ffprobe());
        _cutter = new ClipCutter(_volume, probe, new ConcatClipWriter(probe, RequiredTool.Ffmpeg()));
        await SpoolWriter.RecordAsync(_volume, new CaptureSession("cam1", "s1", Started, 2, Started.AddSeconds(20)), seconds: 20);
        _index = new SegmentIndex(_volume);
        _index.Refresh();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CutAsync_EventMidRecording_WritesClipCoveringPreAndPostRoll()
    {
        var request = new ClipRequest(Started.AddSeconds(8.5), Started.AddSeconds(11.2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(120));
        var plan = ClipPlanner.Plan(_index.Segments("cam1"), request); // window 5.5 .. 13.2

        var clip = await _cutter.CutAsync("cam1", "evt-1", plan, CancellationToken.None);

        var path = _volume.Resolve(clip.ClipPath);
        Assert.Equal("clips/cam1/evt-1.mp4", clip.ClipPath);
        Assert.True(File.Exists(path));
        // Starts on the keyframe at or before 5.5 s (5.0 s): at least the pre-roll, at most one keyframe interval more.
        Assert.InRange((clip.Start - Started).TotalSeconds, 5.5 - SpoolWriter.KeyframeIntervalSeconds, 5.5);
        Assert.Equal(5.0, (clip.Start - Started).TotalSeconds, 3);
        // Ends at the window end, or up to one frame after it.
        Assert.InRange((clip.End - Started).TotalSeconds, 13.2 - DurationTolerance, 13.2 + SpoolWriter.KeyframeIntervalSeconds);
        var times = await new MediaProbe(RequiredTool.Ffprobe()).ReadTimesAsync(path, CancellationToken.None);
        Assert.InRange(times.DurationSeconds, 8.2 - DurationTolerance, 8.2 + DurationTolerance);
        Assert.Equal(times.DurationSeconds, clip.Duration.TotalSeconds, 3);
        var boxes = Mp4Boxes.TopLevel(path);
        Assert.True(boxes.IndexOf("moov") >= 0 && boxes.IndexOf("moov") < boxes.IndexOf("mdat"), "not faststart: " + string.Join(",", boxes));
        Assert.Equal(new FileInfo(path).Length, clip.SizeBytes);
#pragma warning disable CA5351 // The contract's Content-MD5 is an integrity checksum; the test recomputes it.
        Assert.Equal(Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(path))), clip.ContentMd5);
#pragma warning restore CA5351
    }

    [Fact]
    public async Task CutAsync_PreRollBeforeRecording_StartsAtFirstFrame()
    {
        var request = new ClipRequest(Started.AddSeconds(1), Started.AddSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(120));

        var clip = await _cutter.CutAsync("cam1", "evt-early", ClipPlanner.Plan(_index.Segments("cam1"), request), CancellationToken.None);

        Assert.Equal(Started, clip.Start);
        Assert.InRange(clip.Duration.TotalSeconds, 3 - DurationTolerance, 3 + DurationTolerance);
    }
}

using EdgeCam.CameraCapture.Motion;
using EdgeCam.DevKit.Synthetic;
using EdgeCam.Testing;
using Xunit.Abstractions;

namespace EdgeCam.CameraCapture.Tests.Motion.Oracle;

/// <summary>
/// The detector's stages against OpenCV 4 (OpenCvSharp4, in this process) on the same ffmpeg-decoded frames with the same
/// parameters.
/// Tolerances (stated, and why): blurred frame — without contrast normalisation identical (the binomial kernel is
/// OpenCV's own 3×3 Gaussian); with it every pixel within ±1 and at least 75 % identical (the oracle rounds the stretch
/// in floating point, the detector in 8.8 fixed point, so some pixels are off by one: 82.9 % are identical on this
/// clip, which is now the same on every run; the share only guards against a systematic offset, which would leave
/// almost no pixel identical, while ±1 is the tolerance that matters); difference and dilated masks —
/// at most 0.5 % of the pixels of any frame differ (pixels exactly at the threshold flip with a ±1 input);
/// regions — the same number per frame, each box's edges within 2 px of OpenCV's and its area within 10 %.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MotionOracleTests(ITestOutputHelper output)
{
    private const int Width = 320;
    private const int Height = 180;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Process_SyntheticClip_StagesAgreeWithOpenCvWithinStatedTolerance(bool improveContrast)
    {
        OpenCvOracle.Require();
        var ffmpeg = RequiredTool.Ffmpeg();
        using var temp = new TempDirectory("oracle");
        var clip = await SyntheticClip.GenerateAsync(temp.Combine("clip.mp4"), new SyntheticClipOptions
        {
            Width = Width, Height = Height, FramesPerSecond = 5, Duration = TimeSpan.FromSeconds(6),
            MotionIntervals = [MotionInterval.FromSeconds(1, 5)], BitrateKbps = 400,
        }, CancellationToken.None);
        var frames = await GrayFrames.DecodeAsync(ffmpeg, clip.Path, Width, Height, 5);
        var options = new MotionDetectorOptions { ImproveContrast = improveContrast, WholeFrameShare = 1, RelearnFrames = 1, MinRegionArea = 0.001 };

        var oracle = OpenCvOracle.Process(frames, Width, Height, options);

        var detector = new MotionDetector(Width, Height, options);
        var size = Width * Height;
        int worstBlur = 0, worstChanged = 0, worstDilated = 0, identicalBlur = 0, regionFrames = 0;
        for (var n = 0; n * size < frames.Length; n++)
        {
            var result = detector.Process(frames.AsSpan(n * size, size));
            var range = new Range(n * size, (n + 1) * size);
            var blurDiffs = Differences(detector.Blurred, oracle.Blurred.AsSpan(range), out var maxBlur);
            identicalBlur += size - blurDiffs;
            worstBlur = Math.Max(worstBlur, maxBlur);
            worstChanged = Math.Max(worstChanged, Differences(detector.ChangedMask, oracle.Changed.AsSpan(range), out _));
            worstDilated = Math.Max(worstDilated, Differences(detector.DilatedMask, oracle.Dilated.AsSpan(range), out _));
            var expected = oracle.Regions.Where(r => r.Frame == n).OrderByDescending(r => r.Area).ToList();
            var actual = result.Regions.ToArray();
            if (n > 0)
            {
                Assert.Equal(expected.Count, actual.Length);
                regionFrames += expected.Count > 0 ? 1 : 0;
                foreach (var (e, a) in expected.Zip(actual))
                {
                    Assert.InRange(Math.Abs(e.X - a.X), 0, 2);
                    Assert.InRange(Math.Abs(e.Y - a.Y), 0, 2);
                    Assert.InRange(Math.Abs((e.X + e.Width) - (a.X + a.Width)), 0, 2);
                    Assert.InRange(Math.Abs((e.Y + e.Height) - (a.Y + a.Height)), 0, 2);
                    Assert.InRange(a.Area, e.Area * 0.9, e.Area * 1.1);
                }
            }
        }

        var frameCount = frames.Length / size;
        output.WriteLine($"contrast={improveContrast}: {frameCount} frames; blurred max |diff| {worstBlur}, identical {100.0 * identicalBlur / frames.Length:0.00} %; " +
            $"worst frame: difference mask {worstChanged} px, dilated {worstDilated} px (of {size}); frames with regions {regionFrames}");
        Assert.InRange(worstBlur, 0, improveContrast ? 1 : 0);
        Assert.True(identicalBlur >= frames.Length * (improveContrast ? 0.75 : 1.0), $"only {identicalBlur} of {frames.Length} blurred pixels identical");
        Assert.InRange(worstChanged, 0, size / 200);
        Assert.InRange(worstDilated, 0, size / 200);
        Assert.True(regionFrames > 5, "the clip should give regions to compare");
    }

    private static int Differences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, out int max)
    {
        var count = 0;
        max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            count += d > 0 ? 1 : 0;
            max = Math.Max(max, d);
        }

        return count;
    }
}

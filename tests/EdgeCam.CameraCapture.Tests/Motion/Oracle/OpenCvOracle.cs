using EdgeCam.CameraCapture.Motion;
using OpenCvSharp;

namespace EdgeCam.CameraCapture.Tests.Motion.Oracle;

/// <summary>One OpenCV region: a connected component's box and pixel count.</summary>
internal sealed record OracleRegion(int Frame, int X, int Y, int Width, int Height, int Area);

/// <summary>The OpenCV pipeline's per-stage output for a run of frames.</summary>
internal sealed record OracleOutput(byte[] Blurred, byte[] Changed, byte[] Dilated, IReadOnlyList<OracleRegion> Regions);

/// <summary>
/// The detector's pipeline written with OpenCV 4 (OpenCvSharp4, in this process, one OpenCV thread), stage by stage.
/// Frame 0 only seeds the background (its masks are zero), as in the detector. The contrast stretch's percentiles are
/// taken by sorting the sample (numpy's <c>percentile</c> with <c>lower</c>/<c>higher</c>), not with the detector's
/// histogram, and its table is rounded in floating point; the table is applied with OpenCV's <c>LUT</c>.
/// </summary>
internal static class OpenCvOracle
{
    /// <summary>Fails the test with an install hint when OpenCV's native library cannot be loaded.</summary>
    public static void Require()
    {
        try
        {
            _ = Cv2.GetVersionString();
        }
        catch (TypeInitializationException ex)
        {
            throw NotLoadable(ex);
        }
        catch (DllNotFoundException ex)
        {
            throw NotLoadable(ex);
        }
    }

    public static OracleOutput Process(byte[] frames, int width, int height, MotionDetectorOptions options)
    {
        Cv2.SetNumThreads(1);
        var size = width * height;
        var blurredOut = new byte[frames.Length];
        var changedOut = new byte[frames.Length];
        var dilatedOut = new byte[frames.Length];
        var regions = new List<OracleRegion>();
        var minPixels = Math.Max(1, (int)Math.Ceiling(options.MinRegionArea * width * height));
        var stretch = new PercentileStretch();

        using var frame = new Mat(height, width, MatType.CV_8UC1);
        using var stretched = new Mat();
        using var blurred = new Mat();
        using var background = new Mat();
        using var backgroundBytes = new Mat();
        using var delta = new Mat();
        using var changed = new Mat();
        using var unchanged = new Mat();
        using var dilated = new Mat();
        using var kernel = new Mat(3, 3, MatType.CV_8UC1, Scalar.All(1));
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        for (var n = 0; n * size < frames.Length; n++)
        {
            var range = new System.Range(n * size, (n + 1) * size);
            frames.AsSpan(range).CopyTo(frame.AsSpan<byte>());
            var source = frame;
            if (options.ImproveContrast)
            {
                Cv2.LUT(frame, stretch.Table(frames.AsSpan(range), width, height), stretched);
                source = stretched;
            }

            Cv2.GaussianBlur(source, blurred, new Size(3, 3), 0, 0, BorderTypes.Reflect101);
            if (n == 0)
            {
                blurred.ConvertTo(background, MatType.CV_32FC1);
            }
            else
            {
                Cv2.ConvertScaleAbs(background, backgroundBytes);
                Cv2.Absdiff(blurred, backgroundBytes, delta);
                Cv2.Threshold(delta, changed, options.Threshold, 255, ThresholdTypes.Binary);
                Cv2.BitwiseNot(changed, unchanged);
                Cv2.AccumulateWeighted(blurred, background, options.BackgroundAlpha, unchanged);
                Cv2.AccumulateWeighted(blurred, background, options.ChangedAlpha, changed);
                Cv2.Dilate(changed, dilated, kernel, iterations: 1);
                var count = Cv2.ConnectedComponentsWithStats(dilated, labels, stats, centroids, PixelConnectivity.Connectivity8);
                for (var label = 1; label < count; label++)
                {
                    var area = stats.At<int>(label, (int)ConnectedComponentsTypes.Area);
                    if (area >= minPixels)
                    {
                        regions.Add(new OracleRegion(n,
                            stats.At<int>(label, (int)ConnectedComponentsTypes.Left),
                            stats.At<int>(label, (int)ConnectedComponentsTypes.Top),
                            stats.At<int>(label, (int)ConnectedComponentsTypes.Width),
                            stats.At<int>(label, (int)ConnectedComponentsTypes.Height),
                            area));
                    }
                }

                changed.AsSpan<byte>().CopyTo(changedOut.AsSpan(range));
                dilated.AsSpan<byte>().CopyTo(dilatedOut.AsSpan(range));
            }

            blurred.AsSpan<byte>().CopyTo(blurredOut.AsSpan(range));
        }

        return new OracleOutput(blurredOut, changedOut, dilatedOut, regions);
    }

    private static InvalidOperationException NotLoadable(Exception ex) => new(
        "OpenCV (OpenCvSharp4's native libOpenCvSharpExtern.so) cannot be loaded; on Debian it needs GTK 3. Install it with: " +
        "sudo apt-get install -y libgtk-3-0. Run device/install-deps.sh --tests (or tests/run.sh, which calls it). " +
        $"Loader said: {ex.GetBaseException().Message}", ex);

    /// <summary>
    /// The contrast table: 4th (rounded down) and 96th (rounded up) percentile of every 4th pixel of every 4th row,
    /// each averaged (rounded) over the last 10 frames, span at least 32, stretched to 0–255 and rounded half to even.
    /// </summary>
    private sealed class PercentileStretch
    {
        private const int History = 10;
        private readonly Queue<int> _lows = new();
        private readonly Queue<int> _highs = new();

        public byte[] Table(ReadOnlySpan<byte> frame, int width, int height)
        {
            var sample = new List<byte>();
            for (var y = 0; y < height; y += 4)
            {
                for (var x = 0; x < width; x += 4)
                {
                    sample.Add(frame[(y * width) + x]);
                }
            }

            sample.Sort();
            var last = sample.Count - 1;
            Remember(_lows, sample[(int)Math.Floor(0.04 * last)]);
            Remember(_highs, sample[(int)Math.Ceiling(0.96 * last)]);
            var meanLow = (_lows.Sum() + (_lows.Count / 2)) / _lows.Count;
            var meanHigh = (_highs.Sum() + (_highs.Count / 2)) / _highs.Count;
            var span = Math.Max(32, meanHigh - meanLow);
            var low = Math.Min(meanLow, 255 - span);
            var table = new byte[256];
            for (var i = 0; i < table.Length; i++)
            {
                table[i] = (byte)Math.Round(Math.Clamp((i - low) * 255.0 / span, 0, 255), MidpointRounding.ToEven);
            }

            return table;
        }

        private static void Remember(Queue<int> history, int value)
        {
            history.Enqueue(value);
            if (history.Count > History)
            {
                history.Dequeue();
            }
        }
    }
}

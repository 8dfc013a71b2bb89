using System.Runtime.InteropServices;
using OpenCvSharp;

/// <summary>
/// The motion detector's pipeline written with OpenCV 4 (OpenCvSharp4, in this process, one OpenCV thread): the speed
/// anchor the detector is measured against. Per frame: histogram of every 4th pixel of every 4th row → 4th/96th
/// percentile averaged over 10 frames → contrast table (<c>LUT</c>) → 3×3 <c>GaussianBlur</c> → <c>absdiff</c> against the
/// running background (<c>convertScaleAbs</c>) → <c>threshold</c> → two masked <c>accumulateWeighted</c> (changed pixels
/// learn slower) → 3×3 <c>dilate</c> → <c>connectedComponentsWithStats</c> (8-connected) when anything changed.
/// Frames are wrapped, not copied; every output <see cref="Mat"/> is reused from frame to frame.
/// </summary>
internal sealed class OpenCvPipeline : IDisposable
{
    private const int History = 10;
    private const int SampleStep = 4;
    private readonly int _width;
    private readonly int _height;
    private readonly Queue<int> _lows = new();
    private readonly Queue<int> _highs = new();
    private readonly byte[] _table = new byte[256];
    private readonly Mat _sample = new();
    private readonly Mat _histogramMat = new();
    private readonly Mat _stretched = new();
    private readonly Mat _blurred = new();
    private readonly Mat _background = new();
    private readonly Mat _backgroundBytes = new();
    private readonly Mat _delta = new();
    private readonly Mat _changed = new();
    private readonly Mat _unchanged = new();
    private readonly Mat _dilated = new();
    private readonly Mat _kernel = new(3, 3, MatType.CV_8UC1, Scalar.All(1));
    private readonly Mat _labels = new();
    private readonly Mat _stats = new();
    private readonly Mat _centroids = new();
    private bool _seeded;

    public OpenCvPipeline(int width, int height)
    {
        _width = width;
        _height = height;
    }

    /// <summary>
    /// Sets OpenCV to one thread and returns its version ("4.13.0"), or throws with an install hint when the native
    /// library (which needs GTK 3) cannot load.
    /// </summary>
    public static string Prepare()
    {
        try
        {
            Cv2.SetNumThreads(1);
            return Cv2.GetVersionString() ?? "(version unknown)";
        }
        catch (TypeInitializationException ex)
        {
            throw new InvalidOperationException(
                "OpenCV (OpenCvSharp4's native libOpenCvSharpExtern.so) cannot be loaded; on Debian it needs GTK 3: " +
                $"sudo apt-get install -y libgtk-3-0, or run device/install-deps.sh --tests. Loader said: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>One pass of a fresh pipeline over <paramref name="frames"/> (gray, back to back; call <see cref="Prepare"/> first).</summary>
    public static void Pass(byte[] frames, int width, int height)
    {
        var size = width * height;
        var pin = GCHandle.Alloc(frames, GCHandleType.Pinned);
        try
        {
            var start = pin.AddrOfPinnedObject();
            using var pipeline = new OpenCvPipeline(width, height);
            for (var i = 0; i < frames.Length / size; i++)
            {
                using var frame = Mat.FromPixelData(height, width, MatType.CV_8UC1, start + (i * size));
                pipeline.Process(frame);
            }
        }
        finally
        {
            pin.Free();
        }
    }

    public void Process(Mat frame)
    {
        Cv2.Resize(frame, _sample, new Size(_width / SampleStep, _height / SampleStep), 0, 0, InterpolationFlags.Nearest);
        Cv2.CalcHist([_sample], [0], null, _histogramMat, 1, [256], [new Rangef(0, 256)]);
        UpdateTable(_histogramMat.AsSpan<float>());
        Cv2.LUT(frame, _table, _stretched);
        Cv2.GaussianBlur(_stretched, _blurred, new Size(3, 3), 0, 0, BorderTypes.Reflect101);
        if (!_seeded)
        {
            _blurred.ConvertTo(_background, MatType.CV_32FC1);
            _seeded = true;
            return;
        }

        Cv2.ConvertScaleAbs(_background, _backgroundBytes);
        Cv2.Absdiff(_blurred, _backgroundBytes, _delta);
        Cv2.Threshold(_delta, _changed, 30, 255, ThresholdTypes.Binary);
        Cv2.BitwiseNot(_changed, _unchanged);
        Cv2.AccumulateWeighted(_blurred, _background, 0.05, _unchanged);
        Cv2.AccumulateWeighted(_blurred, _background, 0.01, _changed);
        Cv2.Dilate(_changed, _dilated, _kernel);
        if (Cv2.CountNonZero(_dilated) > 0)
        {
            Cv2.ConnectedComponentsWithStats(_dilated, _labels, _stats, _centroids, PixelConnectivity.Connectivity8);
        }
    }

    public void Dispose()
    {
        foreach (var mat in new[] { _sample, _histogramMat, _stretched, _blurred, _background, _backgroundBytes, _delta, _changed, _unchanged, _dilated, _kernel, _labels, _stats, _centroids })
        {
            mat.Dispose();
        }
    }

    // The first histogram bin whose running total exceeds 4 % (96 %) of the sample: the percentiles, averaged over the
    // last 10 frames; span at least 32; the table stretches [low, low + span] to 0–255.
    private void UpdateTable(ReadOnlySpan<float> histogram)
    {
        var total = 0.0;
        foreach (var bin in histogram)
        {
            total += bin;
        }

        Remember(_lows, FirstAbove(histogram, 0.04 * (total - 1)));
        Remember(_highs, FirstAbove(histogram, 0.96 * (total - 1)));
        var low = _lows.Sum() / _lows.Count;
        var span = Math.Max(32, (_highs.Sum() / _highs.Count) - low);
        for (var i = 0; i < _table.Length; i++)
        {
            _table[i] = (byte)Math.Clamp((i - low) * 255.0 / span, 0, 255);
        }
    }

    private static int FirstAbove(ReadOnlySpan<float> histogram, double count)
    {
        var sum = 0.0;
        for (var bin = 0; bin < histogram.Length; bin++)
        {
            sum += histogram[bin];
            if (sum > count)
            {
                return bin;
            }
        }

        return histogram.Length;
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

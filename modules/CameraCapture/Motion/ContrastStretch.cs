using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Contrast normalisation in the manner of Frigate's <c>improve_contrast</c>: the 4th and 96th percentiles of the
/// frame, averaged over the last <see cref="HistoryLength"/> frames, are stretched to 0–255.
/// <para>
/// Documented variant: the percentiles come from a histogram of every 4th pixel of every 4th row (1/16 of the frame;
/// the average over 50 frames smooths the sampling error), and the gain is capped at 255/<see cref="MinSpan"/> so that
/// a flat night scene does not turn sensor noise into motion. The stretch is integer:
/// <c>((clamp(p, lo, hi) − lo) · ⌊65280 / (hi − lo)⌋ + 128) ≫ 8</c>, which fits 16-bit lanes exactly.
/// </para>
/// </summary>
internal sealed class ContrastStretch
{
    public const int HistoryLength = 10;
    public const int MinSpan = 32;
    public const int SampleStep = 4;
    public const double LowPercentile = 0.04;
    public const double HighPercentile = 0.96;

    private readonly int[] _histogram = new int[256];
    private readonly int[] _lows = new int[HistoryLength];
    private readonly int[] _highs = new int[HistoryLength];
    private int _count;
    private int _next;

    /// <summary>Lower bound used for the last frame.</summary>
    public int Low { get; private set; }

    /// <summary>Upper bound used for the last frame (Low + span).</summary>
    public int High { get; private set; }

    /// <summary>Forgets the history (after a light switch or an IR switch the old range is wrong).</summary>
    public void Reset() => _count = _next = 0;

    /// <summary>Measures <paramref name="frame"/>, updates the history and sets <see cref="Low"/>/<see cref="High"/>.</summary>
    public void Measure(ReadOnlySpan<byte> frame, int width, int height)
    {
        Array.Clear(_histogram);
        var samples = 0;
        for (var y = 0; y < height; y += SampleStep)
        {
            var row = frame.Slice(y * width, width);
            for (var x = 0; x < width; x += SampleStep)
            {
                _histogram[row[x]]++;
                samples++;
            }
        }

        var (low, high) = Percentiles(_histogram, samples);
        _lows[_next] = low;
        _highs[_next] = high;
        _next = (_next + 1) % HistoryLength;
        _count = Math.Min(_count + 1, HistoryLength);
        int sumLow = 0, sumHigh = 0;
        for (var i = 0; i < _count; i++)
        {
            sumLow += _lows[i];
            sumHigh += _highs[i];
        }

        var meanLow = (sumLow + (_count / 2)) / _count;
        var meanHigh = (sumHigh + (_count / 2)) / _count;
        var span = Math.Max(MinSpan, meanHigh - meanLow);
        Low = Math.Min(meanLow, 255 - span);
        High = Low + span;
    }

    /// <summary>Writes the stretched frame to <paramref name="output"/>.</summary>
    public void Apply(ReadOnlySpan<byte> frame, Span<byte> output, SimdPath path)
    {
        var low = (byte)Low;
        var high = (byte)High;
        var gain = (ushort)(65280 / (High - Low));
        var i = 0;
        if (path == SimdPath.Vector256)
        {
            for (; i <= frame.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var s = Vector256.Min(Vector256.Max(Vector256.Create(frame.Slice(i)), Vector256.Create(low)), Vector256.Create(high)) - Vector256.Create(low);
                var (lower, upper) = Vector256.Widen(s);
                var g = Vector256.Create(gain);
                var half = Vector256.Create((ushort)128);
                Vector256.Narrow(((lower * g) + half) >> 8, ((upper * g) + half) >> 8).CopyTo(output.Slice(i));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            for (; i <= frame.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var s = Vector128.Min(Vector128.Max(Vector128.Create(frame.Slice(i)), Vector128.Create(low)), Vector128.Create(high)) - Vector128.Create(low);
                var (lower, upper) = Vector128.Widen(s);
                var g = Vector128.Create(gain);
                var half = Vector128.Create((ushort)128);
                Vector128.Narrow(((lower * g) + half) >> 8, ((upper * g) + half) >> 8).CopyTo(output.Slice(i));
            }
        }

        for (; i < frame.Length; i++)
        {
            var s = Math.Clamp(frame[i], low, high) - low;
            output[i] = (byte)(((s * gain) + 128) >> 8);
        }
    }

    // 'lower' percentile at index floor(q·(n−1)) and 'higher' at ceil(q·(n−1)) of the sorted samples (numpy's methods).
    private static (int Low, int High) Percentiles(int[] histogram, int samples)
    {
        var lowIndex = (int)Math.Floor(LowPercentile * (samples - 1));
        var highIndex = (int)Math.Ceiling(HighPercentile * (samples - 1));
        int low = -1, high = 255, seen = 0;
        for (var v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (low < 0 && seen > lowIndex)
            {
                low = v;
            }

            if (seen > highIndex)
            {
                high = v;
                break;
            }
        }

        return (Math.Max(low, 0), high);
    }
}

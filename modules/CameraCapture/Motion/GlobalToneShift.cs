using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Follows a change of light over the whole frame (dusk, dawn, an auto-exposure or gain step, a gamma drift) by moving
/// the background along it before the frame is compared, so that such a change gives no changed pixels while an object
/// still does.
/// <para>
/// On a sparse grid of about <see cref="TargetSamples"/> pixels whatever the frame size (every n-th pixel of every n-th
/// row, masked pixels left out; the cost does not grow with the resolution) the frame is compared with the rounded background. Samples that differ by more than the threshold are left out
/// (they are objects, or a light switch, which the whole-frame rule handles); the rest are averaged per background
/// level (<see cref="Bins"/> bins). A smooth tone curve, shift = a + b·x + c·x² with x the background level, is fitted to
/// those means weighted by their counts, so an object that covers part of one bin barely bends it while a gain (b), an
/// offset (a) or a gamma change or clipped highlights (c) are followed. When the curve moves some populated level by at
/// least <see cref="MinShift"/> and by at most the threshold, and at least <see cref="MinFollowedShare"/> of the samples
/// are within the threshold, every background pixel moves by the curve at its level (vectorised like the other stages). Otherwise the
/// background is left alone: a steady scene costs only the sampling, and a change larger than the threshold over most of
/// the frame (a light or IR switch) is left to the detector's whole-frame rule, as before.
/// </para>
/// <para>
/// The sampling and the fit are scalar on every path; the background pass (only on frames where the light moved) has
/// vector paths that give the same bits as the scalar one.
/// </para>
/// </summary>
internal sealed class GlobalToneShift
{
    public const int TargetSamples = 1000;
    public const int Bins = 16;
    public const float MinShift = 2f;
    public const int MinSamples = 64;
    public const double MinFollowedShare = 0.5;

    private readonly int[] _sums = new int[Bins];
    private readonly int[] _counts = new int[Bins];

    /// <summary>The largest shift (in levels, signed) the last frame applied to a populated level, or 0.</summary>
    public float LastShift { get; private set; }

    /// <summary>
    /// Estimates the tone curve from <paramref name="frame"/> against <paramref name="background"/> (pixels where
    /// <paramref name="include"/> is 0 left out) and, when it is a small frame-wide change as described above, moves the
    /// background along it. Returns whether the background moved.
    /// </summary>
    public bool Follow(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> include, Span<float> background, int width, int height, int threshold, SimdPath path)
    {
        Array.Clear(_sums);
        Array.Clear(_counts);
        int total = 0, sampled = 0;
        var step = Math.Max(1, (int)Math.Sqrt((double)width * height / TargetSamples));
        for (var y = step / 2; y < height; y += step)
        {
            var row = y * width;
            for (var x = step / 2; x < width; x += step)
            {
                var i = row + x;
                if (include[i] == 0)
                {
                    continue;
                }

                sampled++;
                var level = (int)(background[i] + 0.5f);
                var difference = frame[i] - level;
                if (difference > threshold || difference < -threshold)
                {
                    continue;
                }

                var bin = level >> 4; // Bins = 256 / 16
                _sums[bin] += difference;
                _counts[bin]++;
                total++;
            }
        }

        LastShift = 0;
        if (total < MinSamples || total < sampled * MinFollowedShare || !Fit(total, out var a, out var b, out var c, out var lowest, out var highest))
        {
            return false;
        }

        // Decide on the bin centres of the populated range (at most 16 evaluations).
        var largest = 0.0;
        for (var k = 0; k < Bins; k++)
        {
            var x = Normalised((k * 16) + 7.5);
            if (x >= lowest && x <= highest)
            {
                var shift = a + (b * x) + (c * x * x);
                largest = Math.Abs(shift) > Math.Abs(largest) ? shift : largest;
            }
        }

        if (Math.Abs(largest) < MinShift || Math.Abs(largest) > threshold)
        {
            return false;
        }

        LastShift = (float)largest;
        Move(background, (float)a, (float)b, (float)c, (float)lowest, (float)highest, path);
        return true;
    }

    // bg ← clamp(bg + a + b·x + c·x·x, 0, 255) with x = clamp((bg − 127.5)/128, lowest, highest); the same float
    // operations in the same order on every path, so all paths give the same bits.
    private static void Move(Span<float> background, float a, float b, float c, float lowest, float highest, SimdPath path)
    {
        var i = 0;
        if (path == SimdPath.Vector256)
        {
            var (va, vb, vc, lo, hi) = (Vector256.Create(a), Vector256.Create(b), Vector256.Create(c), Vector256.Create(lowest), Vector256.Create(highest));
            var (mid, scale, zero, white) = (Vector256.Create(127.5f), Vector256.Create(1f / 128), Vector256<float>.Zero, Vector256.Create(255f));
            for (; i <= background.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var bg = Vector256.Create((ReadOnlySpan<float>)background.Slice(i));
                var x = Vector256.Min(Vector256.Max((bg - mid) * scale, lo), hi);
                var shift = (va + (vb * x)) + ((vc * x) * x);
                Vector256.Min(Vector256.Max(bg + shift, zero), white).CopyTo(background.Slice(i));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            var (va, vb, vc, lo, hi) = (Vector128.Create(a), Vector128.Create(b), Vector128.Create(c), Vector128.Create(lowest), Vector128.Create(highest));
            var (mid, scale, zero, white) = (Vector128.Create(127.5f), Vector128.Create(1f / 128), Vector128<float>.Zero, Vector128.Create(255f));
            for (; i <= background.Length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var bg = Vector128.Create((ReadOnlySpan<float>)background.Slice(i));
                var x = Vector128.Min(Vector128.Max((bg - mid) * scale, lo), hi);
                var shift = (va + (vb * x)) + ((vc * x) * x);
                Vector128.Min(Vector128.Max(bg + shift, zero), white).CopyTo(background.Slice(i));
            }
        }

        for (; i < background.Length; i++)
        {
            var bg = background[i];
            var x = Math.Min(Math.Max((bg - 127.5f) * (1f / 128), lowest), highest);
            var shift = (a + (b * x)) + ((c * x) * x);
            background[i] = Math.Min(Math.Max(bg + shift, 0f), 255f);
        }
    }

    // Level v as x in [−1, 1] (bin centres at 8, 24, … 248).
    private static double Normalised(double v) => (v - 127.5) / 128;

    // Weighted least squares of the bin means over the bin centres: quadratic, or linear/constant when too few bins.
    private bool Fit(int total, out double a, out double b, out double c, out double lowest, out double highest)
    {
        a = b = c = 0;
        lowest = 1;
        highest = -1;
        var minCount = Math.Max(4, total / 100);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        var used = 0;
        for (var k = 0; k < Bins; k++)
        {
            var n = _counts[k];
            if (n < minCount)
            {
                continue;
            }

            var x = Normalised((k * 16) + 7.5);
            var mean = (double)_sums[k] / n;
            lowest = Math.Min(lowest, x);
            highest = Math.Max(highest, x);
            s0 += n;
            s1 += n * x;
            s2 += n * x * x;
            s3 += n * x * x * x;
            s4 += n * x * x * x * x;
            t0 += n * mean;
            t1 += n * mean * x;
            t2 += n * mean * x * x;
            used++;
        }

        if (used == 0)
        {
            return false;
        }

        if (used >= 3)
        {
            // | s0 s1 s2 | |a|   |t0|
            // | s1 s2 s3 | |b| = |t1|
            // | s2 s3 s4 | |c|   |t2|
            var det = Det3(s0, s1, s2, s1, s2, s3, s2, s3, s4);
            if (Math.Abs(det) > 1e-9 * s0 * s0 * s0)
            {
                a = Det3(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
                b = Det3(s0, t0, s2, s1, t1, s3, s2, t2, s4) / det;
                c = Det3(s0, s1, t0, s1, s2, t1, s2, s3, t2) / det;
                return true;
            }
        }

        if (used >= 2)
        {
            var det = (s0 * s2) - (s1 * s1);
            if (Math.Abs(det) > 1e-9 * s0 * s0)
            {
                a = ((t0 * s2) - (s1 * t1)) / det;
                b = ((s0 * t1) - (s1 * t0)) / det;
                return true;
            }
        }

        a = t0 / s0;
        return true;
    }

    private static double Det3(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}

using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// The running-average background (float per pixel, like OpenCV's <c>accumulateWeighted</c>), the absolute difference
/// of a frame against it (background rounded to 8 bits first, as Frigate's <c>convertScaleAbs</c> does) and the
/// threshold, in one pass.
/// <para>
/// Learning is selective: a pixel that differs by more than the threshold learns with <c>changedAlpha</c> (slower), the
/// rest with <c>alpha</c>. A passing object is therefore not smeared into the background while the scene around it
/// still follows slow light changes; an object that stays is absorbed over time (Motion's static-object rule, per pixel
/// rather than per frame as in Frigate). Floats are combined as <c>bg + a·(v − bg)</c>, a multiply then an add in
/// every path, so all paths give the same bits.
/// </para>
/// </summary>
internal sealed class RunningBackground(int pixels)
{
    private readonly float[] _background = new float[pixels];

    /// <summary>The background as it stands (for tests and the oracle).</summary>
    public ReadOnlySpan<float> Values => _background;

    /// <summary>The background to move in place (<see cref="GlobalToneShift"/>).</summary>
    public Span<float> Mutable => _background;

    /// <summary>Makes <paramref name="frame"/> the background.</summary>
    public void Seed(ReadOnlySpan<byte> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            _background[i] = frame[i];
        }
    }

    /// <summary>Writes 255 to <paramref name="changed"/> where |frame − round(background)| &gt; threshold (and include ≠ 0), else 0; then learns the frame.</summary>
    public void DifferenceAndLearn(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> include, Span<byte> changed, int threshold, float alpha, float changedAlpha, SimdPath path)
    {
        var background = _background.AsSpan();
        var i = 0;
        if (path == SimdPath.Vector256)
        {
            var t = Vector256.Create(threshold);
            var fast = Vector256.Create(alpha);
            var slow = Vector256.Create(changedAlpha);
            for (; i <= frame.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var (u0, u1) = Vector256.Widen(Vector256.Create(frame.Slice(i)));
                var (w0, w1) = Vector256.Widen(u0);
                var (w2, w3) = Vector256.Widen(u1);
                var m0 = Quarter256(w0.AsInt32(), background.Slice(i), t, fast, slow);
                var m1 = Quarter256(w1.AsInt32(), background.Slice(i + 8), t, fast, slow);
                var m2 = Quarter256(w2.AsInt32(), background.Slice(i + 16), t, fast, slow);
                var m3 = Quarter256(w3.AsInt32(), background.Slice(i + 24), t, fast, slow);
                var mask = Vector256.Narrow(Vector256.Narrow(m0, m1), Vector256.Narrow(m2, m3)).AsByte();
                (mask & Vector256.Create(include.Slice(i))).CopyTo(changed.Slice(i));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            var t = Vector128.Create(threshold);
            var fast = Vector128.Create(alpha);
            var slow = Vector128.Create(changedAlpha);
            for (; i <= frame.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var (u0, u1) = Vector128.Widen(Vector128.Create(frame.Slice(i)));
                var (w0, w1) = Vector128.Widen(u0);
                var (w2, w3) = Vector128.Widen(u1);
                var m0 = Quarter128(w0.AsInt32(), background.Slice(i), t, fast, slow);
                var m1 = Quarter128(w1.AsInt32(), background.Slice(i + 4), t, fast, slow);
                var m2 = Quarter128(w2.AsInt32(), background.Slice(i + 8), t, fast, slow);
                var m3 = Quarter128(w3.AsInt32(), background.Slice(i + 12), t, fast, slow);
                var mask = Vector128.Narrow(Vector128.Narrow(m0, m1), Vector128.Narrow(m2, m3)).AsByte();
                (mask & Vector128.Create(include.Slice(i))).CopyTo(changed.Slice(i));
            }
        }

        for (; i < frame.Length; i++)
        {
            int value = frame[i];
            var bg = background[i];
            var isChanged = Math.Abs(value - (int)(bg + 0.5f)) > threshold;
            changed[i] = (byte)(isChanged ? include[i] : 0);
            background[i] = bg + ((isChanged ? changedAlpha : alpha) * (value - bg));
        }
    }

    // Eight pixels: returns −1 (all bits) where changed, else 0, and updates their background.
    private static Vector256<int> Quarter256(Vector256<int> value, Span<float> background, Vector256<int> threshold, Vector256<float> fast, Vector256<float> slow)
    {
        var bg = Vector256.Create((ReadOnlySpan<float>)background);
        var rounded = Vector256.ConvertToInt32(bg + Vector256.Create(0.5f));
        var changed = Vector256.GreaterThan(Vector256.Abs(value - rounded), threshold);
        var a = Vector256.ConditionalSelect(changed.AsSingle(), slow, fast);
        (bg + (a * (Vector256.ConvertToSingle(value) - bg))).CopyTo(background);
        return changed;
    }

    private static Vector128<int> Quarter128(Vector128<int> value, Span<float> background, Vector128<int> threshold, Vector128<float> fast, Vector128<float> slow)
    {
        var bg = Vector128.Create((ReadOnlySpan<float>)background);
        var rounded = Vector128.ConvertToInt32(bg + Vector128.Create(0.5f));
        var changed = Vector128.GreaterThan(Vector128.Abs(value - rounded), threshold);
        var a = Vector128.ConditionalSelect(changed.AsSingle(), slow, fast);
        (bg + (a * (Vector128.ConvertToSingle(value) - bg))).CopyTo(background);
        return changed;
    }
}

using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// 3×3 Gaussian blur with the binomial kernel [1 2 1]ᵀ·[1 2 1] / 16 and reflect-101 borders, in integers:
/// <c>(Σ w·p + 8) ≫ 4</c>. This is the kernel OpenCV's <c>GaussianBlur(ksize 3, sigma 0)</c> uses and the integer
/// form of Frigate's <c>gaussian_filter(sigma=1, radius=1)</c> (weights 0.27/0.45/0.27 against 0.25/0.5/0.25): it
/// removes single-pixel sensor noise before differencing, and being exact in 16-bit lanes the vector and scalar
/// paths agree bit for bit. A box filter would be as cheap but smears edges more for the same noise reduction.
/// </summary>
internal sealed class BinomialBlur(int width, int height)
{
    private readonly ushort[] _column = new ushort[width];

    public void Apply(ReadOnlySpan<byte> frame, Span<byte> output, SimdPath path)
    {
        for (var y = 0; y < height; y++)
        {
            var above = y == 0 ? Math.Min(1, height - 1) : y - 1;
            var below = y == height - 1 ? Math.Max(height - 2, 0) : y + 1;
            VerticalSum(frame.Slice(above * width, width), frame.Slice(y * width, width), frame.Slice(below * width, width), path);
            HorizontalSum(output.Slice(y * width, width), path);
        }
    }

    // column[x] = a + 2b + c (at most 1020).
    private void VerticalSum(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, SimdPath path)
    {
        var column = _column.AsSpan();
        var x = 0;
        if (path == SimdPath.Vector256)
        {
            for (; x <= width - Vector256<byte>.Count; x += Vector256<byte>.Count)
            {
                var (a0, a1) = Vector256.Widen(Vector256.Create(a.Slice(x)));
                var (b0, b1) = Vector256.Widen(Vector256.Create(b.Slice(x)));
                var (c0, c1) = Vector256.Widen(Vector256.Create(c.Slice(x)));
                (a0 + (b0 << 1) + c0).CopyTo(column.Slice(x));
                (a1 + (b1 << 1) + c1).CopyTo(column.Slice(x + Vector256<ushort>.Count));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            for (; x <= width - Vector128<byte>.Count; x += Vector128<byte>.Count)
            {
                var (a0, a1) = Vector128.Widen(Vector128.Create(a.Slice(x)));
                var (b0, b1) = Vector128.Widen(Vector128.Create(b.Slice(x)));
                var (c0, c1) = Vector128.Widen(Vector128.Create(c.Slice(x)));
                (a0 + (b0 << 1) + c0).CopyTo(column.Slice(x));
                (a1 + (b1 << 1) + c1).CopyTo(column.Slice(x + Vector128<ushort>.Count));
            }
        }

        for (; x < width; x++)
        {
            column[x] = (ushort)(a[x] + (b[x] << 1) + c[x]);
        }
    }

    // out[x] = (column[x−1] + 2·column[x] + column[x+1] + 8) >> 4, reflect-101 at both ends.
    private void HorizontalSum(Span<byte> output, SimdPath path)
    {
        ReadOnlySpan<ushort> column = _column;
        if (width == 1)
        {
            output[0] = (byte)(((column[0] << 2) + 8) >> 4);
            return;
        }

        output[0] = (byte)(((column[1] << 1) + (column[0] << 1) + 8) >> 4);
        var x = 1;
        var last = width - 1;
        if (path == SimdPath.Vector256)
        {
            var eight = Vector256.Create((ushort)8);
            for (; x + Vector256<byte>.Count <= last; x += Vector256<byte>.Count)
            {
                var lo = Sum(column, x, eight);
                var hi = Sum(column, x + Vector256<ushort>.Count, eight);
                Vector256.Narrow(lo, hi).CopyTo(output.Slice(x));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            var eight = Vector128.Create((ushort)8);
            for (; x + Vector128<byte>.Count <= last; x += Vector128<byte>.Count)
            {
                var lo = Sum(column, x, eight);
                var hi = Sum(column, x + Vector128<ushort>.Count, eight);
                Vector128.Narrow(lo, hi).CopyTo(output.Slice(x));
            }
        }

        for (; x < last; x++)
        {
            output[x] = (byte)((column[x - 1] + (column[x] << 1) + column[x + 1] + 8) >> 4);
        }

        output[last] = (byte)(((column[last - 1] << 1) + (column[last] << 1) + 8) >> 4);
    }

    private static Vector256<ushort> Sum(ReadOnlySpan<ushort> column, int x, Vector256<ushort> eight)
        => (Vector256.Create(column.Slice(x - 1)) + (Vector256.Create(column.Slice(x)) << 1) + Vector256.Create(column.Slice(x + 1)) + eight) >> 4;

    private static Vector128<ushort> Sum(ReadOnlySpan<ushort> column, int x, Vector128<ushort> eight)
        => (Vector128.Create(column.Slice(x - 1)) + (Vector128.Create(column.Slice(x)) << 1) + Vector128.Create(column.Slice(x + 1)) + eight) >> 4;
}

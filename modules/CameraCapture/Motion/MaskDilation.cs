using System.Numerics;
using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// One 3×3 dilation of a 0/255 mask (the maximum over each pixel's neighbourhood; outside the frame counts as 0, as
/// in OpenCV's <c>dilate</c> with its default border), then the include mask applied, and the set pixels counted.
/// Dilation joins the fragments of one object (a person's limbs, a car's windows) into one region, as Frigate does.
/// </summary>
internal sealed class MaskDilation(int width, int height)
{
    private readonly byte[] _rowMax = new byte[width];

    /// <summary>Writes the dilated mask to <paramref name="output"/> and returns its number of set pixels.</summary>
    public int Apply(ReadOnlySpan<byte> mask, ReadOnlySpan<byte> include, Span<byte> output, SimdPath path)
    {
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            var above = mask.Slice(Math.Max(y - 1, 0) * width, width);
            var row = mask.Slice(y * width, width);
            var below = mask.Slice(Math.Min(y + 1, height - 1) * width, width);
            VerticalMax(above, row, below, path);
            count += HorizontalMax(include.Slice(y * width, width), output.Slice(y * width, width), path);
        }

        return count;
    }

    private void VerticalMax(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, SimdPath path)
    {
        var rowMax = _rowMax.AsSpan();
        var x = 0;
        if (path == SimdPath.Vector256)
        {
            for (; x <= width - Vector256<byte>.Count; x += Vector256<byte>.Count)
            {
                Vector256.Max(Vector256.Max(Vector256.Create(a.Slice(x)), Vector256.Create(b.Slice(x))), Vector256.Create(c.Slice(x))).CopyTo(rowMax.Slice(x));
            }
        }
        else if (path == SimdPath.Vector128)
        {
            for (; x <= width - Vector128<byte>.Count; x += Vector128<byte>.Count)
            {
                Vector128.Max(Vector128.Max(Vector128.Create(a.Slice(x)), Vector128.Create(b.Slice(x))), Vector128.Create(c.Slice(x))).CopyTo(rowMax.Slice(x));
            }
        }

        for (; x < width; x++)
        {
            rowMax[x] = Math.Max(Math.Max(a[x], b[x]), c[x]);
        }
    }

    private int HorizontalMax(ReadOnlySpan<byte> include, Span<byte> output, SimdPath path)
    {
        ReadOnlySpan<byte> rowMax = _rowMax;
        var last = width - 1;
        var count = 0;
        output[0] = (byte)(Math.Max(rowMax[0], rowMax[Math.Min(1, last)]) & include[0]);
        count += output[0] >> 7;
        var x = 1;
        if (path == SimdPath.Vector256)
        {
            for (; x + Vector256<byte>.Count <= last; x += Vector256<byte>.Count)
            {
                var max = Vector256.Max(Vector256.Max(Vector256.Create(rowMax.Slice(x - 1)), Vector256.Create(rowMax.Slice(x))), Vector256.Create(rowMax.Slice(x + 1)));
                var result = max & Vector256.Create(include.Slice(x));
                result.CopyTo(output.Slice(x));
                count += BitOperations.PopCount(result.ExtractMostSignificantBits());
            }
        }
        else if (path == SimdPath.Vector128)
        {
            for (; x + Vector128<byte>.Count <= last; x += Vector128<byte>.Count)
            {
                var max = Vector128.Max(Vector128.Max(Vector128.Create(rowMax.Slice(x - 1)), Vector128.Create(rowMax.Slice(x))), Vector128.Create(rowMax.Slice(x + 1)));
                var result = max & Vector128.Create(include.Slice(x));
                result.CopyTo(output.Slice(x));
                count += BitOperations.PopCount(result.ExtractMostSignificantBits());
            }
        }

        for (; x < last; x++)
        {
            output[x] = (byte)(Math.Max(Math.Max(rowMax[x - 1], rowMax[x]), rowMax[x + 1]) & include[x]);
            count += output[x] >> 7;
        }

        if (last > 0)
        {
            output[last] = (byte)(Math.Max(rowMax[last - 1], rowMax[last]) & include[last]);
            count += output[last] >> 7;
        }

        return count;
    }
}

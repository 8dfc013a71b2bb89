namespace EdgeCam.CameraCapture.Snapshots.Jpeg;

/// <summary>
/// A baseline sequential DCT JPEG encoder (ITU-T T.81, process 1: 8-bit samples, Huffman coding) for one 8-bit gray
/// component, written as a JFIF file. Any width and height from 1 to 65535: partial 8×8 blocks at the right and bottom
/// edges are padded by replicating the last column and row (A.2.1 leaves the padding to the encoder).
/// </summary>
internal static class GrayJpegEncoder
{
    /// <summary>Encodes <paramref name="pixels"/> (row-major, <paramref name="width"/>×<paramref name="height"/>, stride = width) at <paramref name="quality"/> 1–100 into <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<byte> pixels, int width, int height, int quality, JpegBuffer output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, ushort.MaxValue);
        if (pixels.Length < width * height)
        {
            throw new ArgumentException($"{width}x{height} needs {width * height} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Span<byte> table = stackalloc byte[64];
        QuantizationTable.Build(quality, table);
        JpegMarkers.WriteHeaders(output, table, width, height);

        // Quantisation (A.3.4) as a multiplication by 1/Q, in natural order like the DCT output.
        Span<float> reciprocal = stackalloc float[64];
        for (var i = 0; i < 64; i++)
        {
            reciprocal[i] = 1f / table[i];
        }

        Span<float> block = stackalloc float[64];
        Span<int> coefficients = stackalloc int[64];
        var previousDc = 0;
        for (var top = 0; top < height; top += 8)
        {
            for (var left = 0; left < width; left += 8)
            {
                LoadBlock(pixels, width, height, left, top, block);
                ForwardDct.Transform(block);
                for (var k = 0; k < 64; k++)
                {
                    var natural = ZigZag.ToNatural[k];
                    coefficients[k] = (int)MathF.Round(block[natural] * reciprocal[natural], MidpointRounding.AwayFromZero);
                }

                previousDc = EntropyCoder.EncodeBlock(coefficients, previousDc, output);
            }
        }

        output.FlushBits();
        output.WriteByte(0xFF);
        output.WriteByte(JpegMarkers.Eoi);
    }

    // Level shift by 2^(P−1) = 128 (A.3.1); columns and rows past the image repeat its last column and row.
    private static void LoadBlock(ReadOnlySpan<byte> pixels, int width, int height, int left, int top, Span<float> block)
    {
        for (var y = 0; y < 8; y++)
        {
            var row = pixels.Slice(Math.Min(top + y, height - 1) * width, width);
            var target = block.Slice(y * 8, 8);
            if (left + 8 <= width)
            {
                for (var x = 0; x < 8; x++)
                {
                    target[x] = row[left + x] - 128f;
                }
            }
            else
            {
                for (var x = 0; x < 8; x++)
                {
                    target[x] = row[Math.Min(left + x, width - 1)] - 128f;
                }
            }
        }
    }
}

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>Synthetic gray test images (row-major, stride = width) and the PSNR between two of them.</summary>
internal static class GrayImages
{
    /// <summary>A diagonal ramp from 16 to 239.</summary>
    public static byte[] Gradient(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)(16 + (223 * (x + y) / Math.Max(1, width + height - 2)));
            }
        }

        return pixels;
    }

    /// <summary>Black and white squares of <paramref name="square"/> pixels (5 puts edges inside 8×8 blocks).</summary>
    public static byte[] Checkerboard(int width, int height, int square = 5)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = ((x / square) + (y / square)) % 2 == 0 ? (byte)32 : (byte)224;
            }
        }

        return pixels;
    }

    /// <summary>Uniform noise over 0–255 from a fixed seed.</summary>
    public static byte[] Noise(int width, int height, int seed = 7)
    {
        var pixels = new byte[width * height];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    public static double Psnr(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double squares = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = expected[i] - actual[i];
            squares += difference * difference;
        }

        var mse = squares / expected.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}

namespace EdgeCam.CameraCapture.Tests.Motion;

/// <summary>Crafted gray frames: a textured background, optional noise, and filled blocks.</summary>
internal static class FrameBuilder
{
    public const int Width = 64;
    public const int Height = 48;

    public static byte[] Background()
    {
        var pixels = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                pixels[(y * Width) + x] = (byte)(80 + ((x * 7) + (y * 3)) % 60);
            }
        }

        return pixels;
    }

    public static byte[] WithNoise(byte[] frame, int amplitude, int seed)
    {
        var random = new Random(seed);
        var result = (byte[])frame.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)Math.Clamp(result[i] + random.Next(-amplitude, amplitude + 1), 0, 255);
        }

        return result;
    }

    public static byte[] WithBlock(byte[] frame, int x, int y, int width, int height, byte value = 250)
    {
        var result = (byte[])frame.Clone();
        for (var row = y; row < y + height; row++)
        {
            for (var column = x; column < x + width; column++)
            {
                result[(row * Width) + column] = value;
            }
        }

        return result;
    }
}

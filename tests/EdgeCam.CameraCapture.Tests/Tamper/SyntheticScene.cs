namespace EdgeCam.CameraCapture.Tests.Tamper;

/// <summary>
/// Gray analysis frames of a made-up scene, for the tamper check: a wide "world" of rectangles of many gray levels with
/// a fine texture (seeded, so every run sees the same scene), of which the camera sees a window. Each frame gets fresh
/// sensor noise of ±2 levels.
/// </summary>
internal sealed class SyntheticScene
{
    public const int Width = 320;
    public const int Height = 180;
    private const int WorldWidth = Width * 2;

    private readonly byte[] _world = new byte[WorldWidth * Height];
    private readonly Random _noise = new(7);

    public SyntheticScene()
    {
        var random = new Random(42);
        for (var i = 0; i < _world.Length; i++)
        {
            _world[i] = (byte)(90 + random.Next(-12, 13)); // a textured wall
        }

        for (var r = 0; r < 40; r++)
        {
            int w = random.Next(20, 90), h = random.Next(15, 80), x0 = random.Next(0, WorldWidth - w), y0 = random.Next(0, Height - h);
            var level = random.Next(10, 246);
            for (var y = y0; y < y0 + h; y++)
            {
                for (var x = x0; x < x0 + w; x++)
                {
                    _world[(y * WorldWidth) + x] = (byte)Math.Clamp(level + random.Next(-10, 11), 0, 255);
                }
            }
        }
    }

    /// <summary>The view <paramref name="offset"/> pixels to the right of the usual one (0), with noise.</summary>
    public byte[] View(int offset = 0)
    {
        var frame = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                frame[(y * Width) + x] = Noisy(_world[(y * WorldWidth) + x + offset]);
            }
        }

        return frame;
    }

    /// <summary>A hand or tape over the lens: one dark level and the noise.</summary>
    public byte[] Covered(int level = 14)
    {
        var frame = new byte[Width * Height];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = Noisy((byte)level);
        }

        return frame;
    }

    /// <summary>The usual view under other light: every level times <paramref name="gain"/> plus <paramref name="offset"/>.</summary>
    public byte[] Lit(double gain, int offset) => Map(View(), v => (gain * v) + offset);

    /// <summary>The usual view as the IR-lit night image could look: surfaces that were dark now reflect and the other way round.</summary>
    public byte[] InfraredLook() => Map(View(), v => 230 - (0.8 * v));

    /// <summary>The usual view through a defocused lens: a box blur of radius 4, twice, then the sensor noise.</summary>
    public byte[] Defocused()
    {
        var clean = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            Array.Copy(_world, y * WorldWidth, clean, y * Width, Width);
        }

        var blurred = BoxBlur(BoxBlur(clean, 4), 4);
        for (var i = 0; i < blurred.Length; i++)
        {
            blurred[i] = Noisy(blurred[i]);
        }

        return blurred;
    }

    private static byte[] Map(byte[] frame, Func<int, double> tone)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)Math.Clamp((int)Math.Round(tone(frame[i])), 0, 255);
        }

        return frame;
    }

    private static byte[] BoxBlur(byte[] source, int radius)
    {
        var horizontal = new byte[source.Length];
        var result = new byte[source.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                int sum = 0, count = 0;
                for (var k = Math.Max(0, x - radius); k <= Math.Min(Width - 1, x + radius); k++, count++)
                {
                    sum += source[(y * Width) + k];
                }

                horizontal[(y * Width) + x] = (byte)(sum / count);
            }
        }

        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                int sum = 0, count = 0;
                for (var k = Math.Max(0, y - radius); k <= Math.Min(Height - 1, y + radius); k++, count++)
                {
                    sum += horizontal[(k * Width) + x];
                }

                result[(y * Width) + x] = (byte)(sum / count);
            }
        }

        return result;
    }

    private byte Noisy(byte level) => (byte)Math.Clamp(level + _noise.Next(-2, 3), 0, 255);
}

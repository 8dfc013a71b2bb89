namespace EdgeCam.EventRouter.Benchmarks;

/// <summary>
/// Gray analysis frames of a still scene (a textured pattern over the whole 8-bit range, so a newcomer does not change
/// the contrast stretch) and the same scene with a mid-gray 60×60 block that
/// moves 8 px per frame: what the detector sees when someone walks in.
/// </summary>
internal sealed class SyntheticScene
{
    public const int Width = 320;
    public const int Height = 180;

    private readonly byte[] _background = new byte[Width * Height];

    public SyntheticScene()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                _background[(y * Width) + x] = (byte)(20 + (((x * 7) + (y * 13)) % 200));
            }
        }
    }

    /// <summary>The still scene.</summary>
    public ReadOnlySpan<byte> Still => _background;

    /// <summary>The scene with the block at step <paramref name="step"/> of its walk.</summary>
    public byte[] WithIntruder(int step)
    {
        var frame = (byte[])_background.Clone();
        var left = 40 + (step * 8);
        for (var y = 60; y < 120; y++)
        {
            frame.AsSpan((y * Width) + left, 60).Fill(128);
        }

        return frame;
    }
}

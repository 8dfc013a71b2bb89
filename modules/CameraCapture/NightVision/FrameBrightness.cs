namespace EdgeCam.CameraCapture.NightVision;

/// <summary>Mean luma of a gray frame, from every 7th pixel (a stride co-prime with common widths): cheap enough for every frame.</summary>
public static class FrameBrightness
{
    private const int Stride = 7;

    public static double Mean(ReadOnlySpan<byte> pixels)
    {
        if (pixels.IsEmpty)
        {
            return 0;
        }

        long sum = 0;
        var count = 0;
        for (var i = 0; i < pixels.Length; i += Stride)
        {
            sum += pixels[i];
            count++;
        }

        return (double)sum / count;
    }
}

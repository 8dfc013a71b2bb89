namespace EdgeCam.Media.Capture;

/// <summary>Fits a source's frame into the analysis box without changing its shape (portrait and 4:3 stay as they are).</summary>
public static class AnalysisFit
{
    /// <summary>The smallest side an analysis frame may have.</summary>
    public const int MinimumSide = 16;

    /// <summary>
    /// The largest even size with the source's aspect ratio that fits in <paramref name="boxWidth"/>×<paramref name="boxHeight"/>
    /// (no side below <see cref="MinimumSide"/>); the box when the source's size is unknown (0).
    /// </summary>
    public static (int Width, int Height) Fit(int boxWidth, int boxHeight, int sourceWidth, int sourceHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0)
        {
            return (boxWidth, boxHeight);
        }

        var scale = Math.Min((double)boxWidth / sourceWidth, (double)boxHeight / sourceHeight);
        return (Even(sourceWidth * scale, boxWidth), Even(sourceHeight * scale, boxHeight));
    }

    // Round down to even so that the fitted frame never exceeds the box.
    private static int Even(double side, int limit) => Math.Clamp((int)Math.Floor((side / 2) + 1e-9) * 2, MinimumSide, limit);
}

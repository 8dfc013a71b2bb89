namespace EdgeCam.CameraCapture.Motion;

/// <summary>Tuning of <see cref="MotionDetector"/>.</summary>
public sealed record MotionDetectorOptions
{
    /// <summary>Luma difference (0–255) from the background above which a pixel counts as changed.</summary>
    public int Threshold { get; init; } = 25;

    /// <summary>Share of the frame (0–1) that must change for the frame to count as motion.</summary>
    public double MinArea { get; init; } = 0.003;

    /// <summary>Weight of each new frame in the running-average background (0–1); higher adapts faster to light changes.</summary>
    public double BackgroundAlpha { get; init; } = 0.05;

    /// <summary>Connected changed areas smaller than this many pixels are not reported as regions (noise specks).</summary>
    public int MinRegionPixels { get; init; } = 8;

    /// <summary>At most this many regions (the largest) are reported per frame, to keep messages small.</summary>
    public int MaxRegions { get; init; } = 16;
}

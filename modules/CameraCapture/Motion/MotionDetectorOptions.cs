namespace EdgeCam.CameraCapture.Motion;

/// <summary>Tuning of <see cref="MotionDetector"/> (README: twin table <c>motion.*</c>, with the reasons for each default).</summary>
public sealed record MotionDetectorOptions
{
    /// <summary>Luma difference (0–255, after contrast normalisation and blur) above which a pixel counts as changed.</summary>
    public int Threshold { get; init; } = 30;

    /// <summary>Share of the frame (0–1) that regions large enough to count must cover for the frame to be motion.</summary>
    public double MinArea { get; init; } = 0.003;

    /// <summary>Smallest region that counts, as a share of the frame; smaller specks (insects, rain, noise) are ignored.</summary>
    public double MinRegionArea { get; init; } = 0.0015;

    /// <summary>Weight of each new frame in the running-average background (0–1) for pixels that did not change.</summary>
    public double BackgroundAlpha { get; init; } = 0.05;

    /// <summary>Weight for pixels that changed: an object that stays is absorbed this slowly.</summary>
    public double ChangedAlpha { get; init; } = 0.01;

    /// <summary>Stretch the frame's contrast (4th–96th percentile to 0–255) before comparing.</summary>
    public bool ImproveContrast { get; init; } = true;

    /// <summary>Move the background along a light change over the whole frame (dusk, auto-exposure, gain) before comparing (<see cref="GlobalToneShift"/>).</summary>
    public bool FollowGlobalLight { get; init; } = true;

    /// <summary>When more than this share of the frame changes at once, the frame is a light switch: nothing is reported and the background re-learns.</summary>
    public double WholeFrameShare { get; init; } = 0.45;

    /// <summary>Frames (including the triggering one) during which the background is re-seeded after a whole-frame change or <see cref="MotionDetector.Relearn"/>.</summary>
    public int RelearnFrames { get; init; } = 5;

    /// <summary>At most this many regions (the largest) are reported per frame, to keep messages small.</summary>
    public int MaxRegions { get; init; } = 16;

    /// <summary>Areas where motion is ignored (pixels excluded).</summary>
    public IReadOnlyList<NormalisedPolygon> Masks { get; init; } = [];

    /// <summary>Named areas; each region reports the zones it touches (at most 16).</summary>
    public IReadOnlyList<MotionZone> Zones { get; init; } = [];

    /// <summary>Code path of the per-pixel stages; every path gives identical output.</summary>
    public SimdPath SimdPath { get; init; } = SimdPath.Auto;

    /// <summary>At most this many zones.</summary>
    public const int MaxZones = 16;
}

namespace EdgeCam.CameraCapture.Motion;

/// <summary>What <see cref="MotionDetector"/> saw in one frame.</summary>
/// <param name="IsMotion">Regions large enough to count covered at least the minimum area.</param>
/// <param name="Score">Share of the frame (0..1) covered by regions large enough to count.</param>
/// <param name="ChangedPixels">Changed pixels after dilation and masks, in regions of any size.</param>
/// <param name="Suppressed">The frame was part of a whole-frame change (light switch, IR switch, exposure) or a
/// re-learn: nothing is reported, the background re-learns.</param>
/// <param name="Zones">Bit i set when a reported region touches zone i.</param>
/// <param name="Regions">The largest regions, largest first. Owned by the detector: valid until its next frame.</param>
public readonly record struct MotionResult(bool IsMotion, double Score, int ChangedPixels, bool Suppressed, int Zones, ReadOnlyMemory<MotionBox> Regions)
{
    /// <summary>A frame without any change.</summary>
    public static MotionResult None => default;

    /// <summary>A frame that only re-learned the background.</summary>
    public static MotionResult Relearning => new(false, 0, 0, true, 0, ReadOnlyMemory<MotionBox>.Empty);
}

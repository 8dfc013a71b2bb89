using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>What <see cref="MotionDetector"/> saw in one frame.</summary>
/// <param name="IsMotion">The changed share reached the minimum area.</param>
/// <param name="Score">Share of the frame that changed, 0..1.</param>
/// <param name="ChangedPixels">Pixels whose difference from the background exceeded the threshold.</param>
/// <param name="Regions">Bounding boxes of the connected changed areas, largest first.</param>
public sealed record MotionResult(bool IsMotion, double Score, int ChangedPixels, IReadOnlyList<MotionRegion> Regions)
{
    /// <summary>A frame without any change.</summary>
    public static MotionResult None { get; } = new(false, 0, 0, []);
}

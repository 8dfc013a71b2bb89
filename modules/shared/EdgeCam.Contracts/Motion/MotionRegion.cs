namespace EdgeCam.Contracts.Motion;

/// <summary>A bounding box of changed pixels, in analysis-frame coordinates.</summary>
/// <param name="X">Left edge in pixels.</param>
/// <param name="Y">Top edge in pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Area">Changed pixels inside the box.</param>
public sealed record MotionRegion(int X, int Y, int Width, int Height, int Area);

namespace EdgeCam.CameraCapture.Motion;

/// <summary>A connected area of changed pixels, in analysis-frame pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
/// <param name="Area">Changed pixels in the area.</param>
/// <param name="Zones">Bit i set when the area touches zone i of <see cref="MotionDetectorOptions.Zones"/>.</param>
public readonly record struct MotionBox(int X, int Y, int Width, int Height, int Area, int Zones);

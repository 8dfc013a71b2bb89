using System.Diagnostics;
using System.Globalization;
using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.Arm64.SimdCheck;

/// <summary>
/// Frames per second of the detector on 640x360 frames (the demo camera's size), per path. For information only: under
/// qemu it measures the emulator, not a Pi.
/// </summary>
internal static class DetectorSpeed
{
    private const int Width = 640;
    private const int Height = 360;
    private const int WarmupFrames = 5;
    private const int MeasuredFrames = 30;

    public static void WriteTo(TextWriter output)
    {
        var frames = Enumerable.Range(0, 8).Select(Frame).ToArray();
        foreach (var path in new[] { SimdPath.Scalar, SimdPath.Vector128, SimdPath.Auto })
        {
            var detector = new MotionDetector(Width, Height, new MotionDetectorOptions { SimdPath = path });
            for (var i = 0; i < WarmupFrames; i++)
            {
                detector.Process(frames[i % frames.Length]);
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < MeasuredFrames; i++)
            {
                detector.Process(frames[i % frames.Length]);
            }

            var perSecond = MeasuredFrames / watch.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed {path} (ran {detector.Path}): {perSecond:F1} frames/s at {Width}x{Height}"));
        }
    }

    private static byte[] Frame(int index)
    {
        var random = new Random(index);
        var pixels = new byte[Width * Height];
        random.NextBytes(pixels);
        return pixels;
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.Arm64.SimdCheck;

/// <summary>What the runtime accelerates here, and which path the detector picks for each request.</summary>
internal static class SimdEnvironment
{
    public static void WriteTo(TextWriter output)
    {
        output.WriteLine($"process architecture: {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"Vector128.IsHardwareAccelerated: {Vector128.IsHardwareAccelerated}");
        output.WriteLine($"Vector256.IsHardwareAccelerated: {Vector256.IsHardwareAccelerated}");
        output.WriteLine($"AdvSimd.Arm64.IsSupported: {AdvSimd.Arm64.IsSupported}");
        output.WriteLine($"Avx2.IsSupported: {Avx2.IsSupported}");
        foreach (var requested in Enum.GetValues<SimdPath>())
        {
            output.WriteLine($"detector path for {requested}: {PathFor(requested)}");
        }
    }

    public static SimdPath PathFor(SimdPath requested) =>
        new MotionDetector(64, 48, new MotionDetectorOptions { SimdPath = requested }).Path;
}

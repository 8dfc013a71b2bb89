using System.Runtime.Intrinsics;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>
/// Which code path the detector's per-pixel stages use. Every path gives bit-identical output (integer arithmetic and
/// float operations in the same order), so <see cref="Scalar"/> is the reference the vector paths are tested against.
/// </summary>
public enum SimdPath
{
    /// <summary>The widest path the CPU accelerates: 256-bit (AVX2), else 128-bit (SSE/NEON), else scalar.</summary>
    Auto,

    /// <summary>256-bit vectors (falls back to 128-bit where the CPU does not accelerate them).</summary>
    Vector256,

    /// <summary>128-bit vectors: SSE on x64, NEON on ARM64 (the Raspberry Pi).</summary>
    Vector128,

    /// <summary>One pixel at a time; the reference.</summary>
    Scalar,
}

/// <summary>Resolves <see cref="SimdPath.Auto"/> against what the CPU accelerates.</summary>
internal static class SimdPaths
{
    public static SimdPath Resolve(SimdPath requested) => requested switch
    {
        SimdPath.Scalar => SimdPath.Scalar,
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated ? SimdPath.Vector128 : SimdPath.Scalar,
        _ when Vector256.IsHardwareAccelerated => SimdPath.Vector256,
        _ when Vector128.IsHardwareAccelerated => SimdPath.Vector128,
        _ => SimdPath.Scalar,
    };
}

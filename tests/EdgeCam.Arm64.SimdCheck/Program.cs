// Usage: EdgeCam.Arm64.SimdCheck [--speed]
// Prints which SIMD paths this CPU (or qemu) accelerates and which path the detector resolves, then runs the detector's
// SIMD-equals-scalar test cases (exit code 0 when every case passed, 1 otherwise); with --speed it measures the
// detector's speed per path instead (for information only: a measurement, so not part of the suite's check).
using EdgeCam.Arm64.SimdCheck;

var output = Console.Out;
SimdEnvironment.WriteTo(output);
if (args is ["--speed"])
{
    DetectorSpeed.WriteTo(output);
    return 0;
}

return LinkedTestCases.RunAll(typeof(LinkedTestCases).Assembly, output) ? 0 : 1;

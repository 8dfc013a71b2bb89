// Usage: EdgeCam.Arm64.SimdCheck
// Prints which SIMD paths this CPU (or qemu) accelerates and which path the detector resolves, runs the detector's
// SIMD-equals-scalar test cases, then measures the detector's speed per path (for information only).
// Exit code 0 when every case passed, 1 otherwise.
using EdgeCam.Arm64.SimdCheck;

var output = Console.Out;
SimdEnvironment.WriteTo(output);
var passed = LinkedTestCases.RunAll(typeof(LinkedTestCases).Assembly, output);
DetectorSpeed.WriteTo(output);
return passed ? 0 : 1;

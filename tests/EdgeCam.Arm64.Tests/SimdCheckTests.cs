using System.Text.RegularExpressions;

namespace EdgeCam.Arm64.Tests;

/// <summary>The motion detector's SIMD-equals-scalar test cases on the linux-arm64 build, under qemu.</summary>
[Trait("Category", "Integration")]
[Collection(Arm64Collection.Name)]
public sealed partial class SimdCheckTests(Arm64Publish publish)
{
    [Fact]
    public async Task Simd_Arm64BuildUnderQemu_Vector128PathRunsAndEqualsScalar()
    {
        publish.AssertSucceeded();

        var run = await Arm64Script.RunAsync(TimeSpan.FromMinutes(10), "simd");

        Assert.True(run.ExitCode == 0, run.Describe());
        var lines = run.Output.Split('\n').Select(line => line.Trim()).ToList();
        // It ran as arm64 code, with the NEON-backed Vector128 accelerated, and the detector chose that path.
        Assert.Contains("process architecture: Arm64", lines);
        Assert.Contains("Vector128.IsHardwareAccelerated: True", lines);
        Assert.Contains("detector path for Vector128: Vector128", lines);
        Assert.Contains("detector path for Auto: Vector128", lines);
        // Every case passed, including the Vector128 ones, and the total counts them all.
        Assert.DoesNotContain(lines, line => line.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("pass MotionDetectorSimdTests.Process_VectorPath_StageOutputsIdenticalToScalar(Vector128, ", StringComparison.Ordinal));
        var total = Total().Match(Assert.Single(lines, line => Total().IsMatch(line)));
        Assert.Equal(lines.Count(line => line.StartsWith("pass ", StringComparison.Ordinal)), int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", total.Groups[2].Value);
    }

    [GeneratedRegex(@"^simd-check: (\d+) cases passed, (\d+) failed$")]
    private static partial Regex Total();
}

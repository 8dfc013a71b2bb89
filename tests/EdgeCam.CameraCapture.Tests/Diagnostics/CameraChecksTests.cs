using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Diagnostics;

public class CameraChecksTests
{
    [Fact]
    public async Task For_NoDeviceArgument_ChecksDefaultCameraDevice()
    {
        using var dev = new TempDirectory();

        var checks = CameraChecks.For(["--verbose"], dev.Path);

        var camera = await checks[0].RunAsync(CancellationToken.None);
        Assert.StartsWith(CameraChecks.DefaultCameraDevice + " ", camera.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_DeviceArgumentAndGpioChip_ChecksThatDeviceAndFindsTheChip()
    {
        using var dev = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dev.Path, "gpiochip0"), "");

        var checks = CameraChecks.For(["/dev/null"], dev.Path);

        Assert.Equal(["camera", "gpio"], checks.Select(c => c.Name).ToArray());
        Assert.Equal(new CheckResult("camera", CheckStatus.Ok, "/dev/null is present and readable."), await checks[0].RunAsync(CancellationToken.None));
        Assert.Equal(CheckStatus.Ok, (await checks[1].RunAsync(CancellationToken.None)).Status);
    }
}

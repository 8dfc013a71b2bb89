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

        Assert.Equal(["camera", "gpio", "night-vision"], checks.Select(c => c.Name).ToArray());
        Assert.Equal(new CheckResult("camera", CheckStatus.Ok, "/dev/null is present and readable."), await checks[0].RunAsync(CancellationToken.None));
        Assert.Equal(CheckStatus.Ok, (await checks[1].RunAsync(CancellationToken.None)).Status);
    }

    [Fact]
    public async Task For_SettingsFileWithAModuleTwin_ChecksItsNightVisionLinesAndSensor()
    {
        // A module twin as az iot hub module-twin show prints it; this machine has no chip and no /dev/i2c-1 under dev.
        using var dev = new TempDirectory();
        var twin = Path.Combine(dev.Path, "twin.json");
        await File.WriteAllTextAsync(twin, """{"properties":{"desired":{"source":"rtsp://cam","nightVision":{"sensor":"bh1750","gpioChip":"pinctrl-bcm2711","irCutLine":26,"irLedLine":19}}}}""");

        var checks = CameraChecks.For(["doctor", "--settings", twin], dev.Path);
        var results = new List<CheckResult>();
        foreach (var check in checks.Skip(2))
        {
            results.Add(await check.RunAsync(CancellationToken.None));
        }

        Assert.Equal(["night-vision", "gpio-lines", "light-sensor"], results.Select(r => r.Name).ToArray());
        Assert.Equal(CheckStatus.Ok, results[0].Status);
        Assert.Equal(CheckStatus.Fail, results[1].Status);
        Assert.StartsWith($"{Path.Combine(dev.Path, "i2c-1")} is missing", results[2].Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_SettingsFileMissing_OneFailLineNamingIt()
    {
        using var dev = new TempDirectory();
        var missing = Path.Combine(dev.Path, "absent.json");

        var checks = CameraChecks.For(["--settings", missing], dev.Path);
        var result = await Assert.Single(checks, c => c.Name == "night-vision").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"cannot read {missing} (", result.Line, StringComparison.Ordinal);
        Assert.DoesNotContain(checks, c => c.Name is "gpio-lines" or "light-sensor");
    }
}

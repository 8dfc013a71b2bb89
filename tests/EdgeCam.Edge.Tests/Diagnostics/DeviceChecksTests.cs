using EdgeCam.Edge.Diagnostics;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Tests.Diagnostics;

public class DeviceChecksTests
{
    [Fact]
    public async Task DeviceNodeCheck_PresentReadableNode_Ok()
    {
        using var dev = new TempDirectory();
        var video = Path.Combine(dev.Path, "video0");
        await File.WriteAllTextAsync(video, "");

        var result = await new DeviceNodeCheck("camera", video, "the camera").RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("camera", CheckStatus.Ok, $"{video} is present and readable."), result);
    }

    [Fact]
    public async Task DeviceNodeCheck_MissingNode_FailsSayingPassTheDevice()
    {
        using var dev = new TempDirectory();
        var video = Path.Combine(dev.Path, "video0");

        var result = await new DeviceNodeCheck("camera", video, "the camera").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"{video} is missing; plug in the camera", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceNodeCheck_RealCharacterDevice_Ok()
    {
        var result = await new DeviceNodeCheck("null", "/dev/null", "the null device").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Fact]
    public async Task GpioChipCheck_ChipsInDevRoot_OkListingThem()
    {
        using var dev = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dev.Path, "gpiochip4"), "");
        await File.WriteAllTextAsync(Path.Combine(dev.Path, "gpiochip0"), "");
        await File.WriteAllTextAsync(Path.Combine(dev.Path, "video0"), "");

        var result = await new GpioChipCheck(dev.Path).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal($"gpiochip0, gpiochip4 in {dev.Path}.", result.Line);
    }

    [Fact]
    public async Task GpioChipCheck_NoChip_Fails()
    {
        using var dev = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dev.Path, "video0"), "");

        var result = await new GpioChipCheck(dev.Path).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"no gpiochip in {dev.Path}; ", result.Line, StringComparison.Ordinal);
    }
}

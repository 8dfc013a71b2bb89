using System.Device.Gpio;
using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.CameraCapture.Tests.Diagnostics;

/// <summary>
/// Through System.Device.Gpio's own seam (a fake driver under a real GpioController); what only a Pi shows is whether
/// libgpiod's request of a held line fails as the fake's does (EBUSY).
/// </summary>
[Trait("Category", "Unit")]
public sealed class GpioLinesCheckTests
{
    private static readonly NightVisionHardware Wired = new() { GpioChip = "pinctrl-bcm2711", IrCutLine = 26, IrLedLine = 19 };

    [Fact]
    public async Task RunAsync_BothLinesFree_OkNamingThemAndReleasesChipAndLines()
    {
        var driver = new FakeGpioDriver();
        string? opened = null;

        var result = await new GpioLinesCheck(Wired, chip => { opened = chip; return new GpioController(driver); }).RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("gpio-lines", CheckStatus.Ok, "line 26 (IR-cut filter) and line 19 (IR LEDs) exist on pinctrl-bcm2711 (54 lines) and are free."), result);
        Assert.Equal("pinctrl-bcm2711", opened);
        Assert.False(driver.IsOpen(26));
        Assert.False(driver.IsOpen(19));
        Assert.True(driver.IsDisposed);
    }

    [Fact]
    public async Task RunAsync_ActiveLowLines_RequestedAtTheModulesStartState()
    {
        // Filter engaged (day) and LEDs off from the start, as night vision opens them: with active-low wiring both are high.
        var driver = new FakeGpioDriver();
        var hardware = Wired with { IrCutActiveLow = true, IrLedActiveLow = true };

        await new GpioLinesCheck(hardware, _ => new GpioController(driver)).RunAsync(CancellationToken.None);

        Assert.Equal([(26, false), (19, true)], driver.Writes);
    }

    [Fact]
    public async Task RunAsync_LineHeldByAnotherConsumer_FailsSayingSoAndWhatToDo()
    {
        var driver = new FakeGpioDriver();
        driver.BusyPins.Add(19);

        var result = await new GpioLinesCheck(Wired, _ => new GpioController(driver)).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("line 19 (IR LEDs) on pinctrl-bcm2711 cannot be requested (", result.Line, StringComparison.Ordinal);
        Assert.Contains("another consumer holds it; if CameraCapture or edgecam-agent runs, that is the holder", result.Line, StringComparison.Ordinal);
        Assert.True(driver.IsDisposed);
    }

    [Fact]
    public async Task RunAsync_LineBeyondTheChip_FailsNamingTheSettingAndTheChipsLines()
    {
        var hardware = Wired with { IrCutLine = 60 };

        var result = await new GpioLinesCheck(hardware, _ => new GpioController(new FakeGpioDriver())).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("nightVision.irCutLine is 60, but pinctrl-bcm2711 has lines 0-53; set the BCM GPIO number", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ChipDoesNotOpen_FailsWithTheOpenersLine()
    {
        var result = await new GpioLinesCheck(Wired, chip => throw new IOException($"GPIO chip '{chip}' not found (libgpiod finds no chip on this machine).")).RunAsync(CancellationToken.None);

        Assert.Equal(new CheckResult("gpio-lines", CheckStatus.Fail, "GPIO chip 'pinctrl-bcm2711' not found (libgpiod finds no chip on this machine)."), result);
    }

    [Fact]
    public async Task RunAsync_NoLinesConfigured_OkWithoutOpeningAChip()
    {
        var result = await new GpioLinesCheck(new NightVisionHardware(), _ => throw new InvalidOperationException("no chip should be opened")).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.StartsWith("no IR-cut or IR LED line configured", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RealLibgpiodOnAMachineWithoutTheChip_FailsInOneLine()
    {
        // This machine has no GPIO chip (and maybe no libgpiod): the real opener's error is the line.
        var result = await new GpioLinesCheck(Wired).RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("GPIO chip 'pinctrl-bcm2711'", result.Line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Line);
    }
}

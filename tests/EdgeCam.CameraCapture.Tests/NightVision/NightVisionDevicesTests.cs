using System.Device.Gpio;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.CameraCapture.Tests.NightVision;

public sealed class NightVisionDevicesTests
{
    [Fact]
    public void Open_ActiveLowWiringOnOneChip_DayLevelsAndOneControllerDisposedLast()
    {
        var gpio = new FakeGpioDriver();
        var wiring = new NightVisionHardware { GpioChip = "pinctrl-rp1", IrCutLine = 26, IrCutActiveLow = true, IrLedLine = 19, IrLedActiveLow = true };
        string? openedChip = null;

        var devices = NightVisionDevices.Open(
            wiring,
            chip =>
            {
                openedChip = chip;
                return new GpioController(gpio);
            },
            _ => null);
        var levels = (Filter: gpio.IsHigh(26), Leds: gpio.IsHigh(19));
        devices.Dispose();

        Assert.Equal("pinctrl-rp1", openedChip);
        Assert.Equal((false, true), levels); // filter engaged = low, LEDs off = high
        Assert.True(gpio.IsDisposed);
    }

    [Fact]
    public void Open_PinTheChipRefuses_IOExceptionAndControllerReleased()
    {
        var gpio = new FakeGpioDriver();
        gpio.MissingPins.Add(19);
        var wiring = new NightVisionHardware { GpioChip = "pinctrl-bcm2711", IrCutLine = 26, IrLedLine = 19 };

        Assert.Throws<IOException>(() => NightVisionDevices.Open(wiring, _ => new GpioController(gpio), _ => null));
        Assert.True(gpio.IsDisposed);
    }

    [Fact]
    public void Open_PinBeyondTheChip_IOExceptionAndControllerReleased()
    {
        var gpio = new FakeGpioDriver();
        var wiring = new NightVisionHardware { GpioChip = "pinctrl-bcm2711", IrLedLine = 60 };

        Assert.Throws<IOException>(() => NightVisionDevices.Open(wiring, _ => new GpioController(gpio), _ => null));
        Assert.True(gpio.IsDisposed);
    }
}

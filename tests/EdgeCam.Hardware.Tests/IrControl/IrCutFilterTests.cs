using System.Device.Gpio;
using EdgeCam.Hardware.IrControl;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.IrControl;

public sealed class IrCutFilterTests
{
    [Fact]
    public void Constructor_ActiveHighPin_StartsEngagedDrivingHigh()
    {
        var driver = new FakeGpioDriver();
        using var controller = new GpioController(driver);

        using var filter = new IrCutFilter(26, controller, shouldDispose: false);

        Assert.True(filter.IsEngaged);
        Assert.True(driver.IsHigh(26));
        Assert.Equal([(26, true)], driver.Writes);
    }

    [Fact]
    public void Remove_ActiveLowPin_DrivesHigh()
    {
        var driver = new FakeGpioDriver();
        using var controller = new GpioController(driver);
        using var filter = new IrCutFilter(18, controller, shouldDispose: false, activeLow: true);

        filter.Remove();

        Assert.False(filter.IsEngaged);
        Assert.True(driver.IsHigh(18));
        Assert.Equal([(18, false), (18, true)], driver.Writes);
    }

    [Fact]
    public void Dispose_SharedController_ClosesPinOnly()
    {
        var driver = new FakeGpioDriver();
        using var controller = new GpioController(driver);
        var filter = new IrCutFilter(26, controller, shouldDispose: false);

        filter.Dispose();

        Assert.False(controller.IsPinOpen(26));
        Assert.False(driver.IsOpen(26));
        Assert.False(driver.IsDisposed);
    }

    [Fact]
    public void Dispose_OwnedController_DisposesItAndItsDriver()
    {
        var driver = new FakeGpioDriver();
        var illuminator = new IrIlluminator(19, new GpioController(driver));

        illuminator.Dispose();

        Assert.True(driver.IsDisposed);
    }

    [Fact]
    public void TurnOn_Illuminator_StartsOffThenDrivesHigh()
    {
        var driver = new FakeGpioDriver();
        using var controller = new GpioController(driver);
        using var illuminator = new IrIlluminator(19, controller, shouldDispose: false);
        var before = illuminator.IsOn;

        illuminator.TurnOn();

        Assert.False(before);
        Assert.True(illuminator.IsOn);
        Assert.Equal([(19, false), (19, true)], driver.Writes);
    }

    [Fact]
    public void Constructor_PinTheChipRefuses_ThrowsIOException()
    {
        var driver = new FakeGpioDriver();
        driver.MissingPins.Add(40);
        using var controller = new GpioController(driver);

        Assert.Throws<IOException>(() => new IrCutFilter(40, controller, shouldDispose: false));
        Assert.False(controller.IsPinOpen(40));
    }

    [Fact]
    public void Constructor_NoControllerOnMachineWithoutGpio_ThrowsTheLibrarysIOException()
    {
        if (Directory.GetFiles("/dev", "gpiochip*").Length > 0)
        {
            return; // A Pi: the board's controller would open.
        }

        // Without a controller the binding creates one for the board (GpioController()), as dotnet/iot bindings do.
        Assert.Throws<IOException>(() => new IrCutFilter(26));
    }
}

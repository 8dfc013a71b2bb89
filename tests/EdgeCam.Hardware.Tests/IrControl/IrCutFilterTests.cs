using EdgeCam.Hardware.IrControl;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.IrControl;

public sealed class IrCutFilterTests
{
    [Fact]
    public void Constructor_ActiveHighLine_StartsEngagedDrivingHigh()
    {
        using var driver = new FakeGpioDriver();

        using var filter = new IrCutFilter(driver, 26, activeLow: false, shouldDispose: false);

        Assert.True(filter.IsEngaged);
        Assert.True(driver.IsHigh(26));
    }

    [Fact]
    public void Remove_ActiveLowLine_DrivesHigh()
    {
        using var driver = new FakeGpioDriver();
        using var filter = new IrCutFilter(driver, 18, activeLow: true, shouldDispose: false);

        filter.Remove();

        Assert.False(filter.IsEngaged);
        Assert.True(driver.IsHigh(18));
        Assert.Equal([(18, true), (18, false)], driver.Writes);
    }

    [Fact]
    public void Dispose_SharedDriver_ReleasesLineOnly()
    {
        using var driver = new FakeGpioDriver();
        var filter = new IrCutFilter(driver, 26, shouldDispose: false);

        filter.Dispose();

        Assert.False(driver.IsOpen(26));
        Assert.False(driver.IsDisposed);
    }

    [Fact]
    public void Dispose_OwnedDriver_DisposesIt()
    {
        var driver = new FakeGpioDriver();
        var illuminator = new IrIlluminator(driver, 19);

        illuminator.Dispose();

        Assert.True(driver.IsDisposed);
    }

    [Fact]
    public void TurnOn_Illuminator_StartsOffThenActive()
    {
        using var driver = new FakeGpioDriver();
        using var illuminator = new IrIlluminator(driver, 19, shouldDispose: false);
        var before = illuminator.IsOn;

        illuminator.TurnOn();

        Assert.False(before);
        Assert.True(illuminator.IsOn);
        Assert.True(driver.IsHigh(19));
    }

    [Fact]
    public void Constructor_MissingLine_ThrowsGpioException()
    {
        using var driver = new FakeGpioDriver();
        driver.MissingLines.Add(40);

        Assert.Throws<EdgeCam.Hardware.Gpio.GpioException>(() => new IrCutFilter(driver, 40, shouldDispose: false));
    }
}

using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using EdgeCam.Hardware.Gpio;
using EdgeCam.Testing.Hardware;

namespace EdgeCam.Hardware.Tests.Gpio;

public sealed class GpioChipOpenerTests
{
    private static readonly GpioChipInfo[] Pi5Chips = [new(0, "gpiochip0", "pinctrl-rp1", 54), new(10, "gpiochip10", "raspberrypi-exp-gpio", 8)];

    [Theory]
    [InlineData(true, true, LibGpiodApi.V2)]
    [InlineData(false, true, LibGpiodApi.V1)]
    [InlineData(true, false, LibGpiodApi.V2)]
    [InlineData(false, false, LibGpiodApi.None)]
    public void DetectApi_InstalledSonames_PrefersV2(bool v2Loads, bool v1Loads, LibGpiodApi expected)
    {
        var opener = new GpioChipOpener(lib => lib == GpioChipOpener.V2Library ? v2Loads : v1Loads, _ => [], (_, _) => new FakeGpioDriver());

        Assert.Equal(expected, opener.DetectApi());
    }

    [Theory]
    [InlineData(LibGpiodApi.V1)]
    [InlineData(LibGpiodApi.V2)]
    public void OpenDriver_Label_OpensThatChipNumberWithTheInstalledApi(LibGpiodApi installed)
    {
        (LibGpiodApi Api, int Number)? created = null;
        var opener = new GpioChipOpener(
            lib => lib == (installed == LibGpiodApi.V2 ? GpioChipOpener.V2Library : GpioChipOpener.V1Library),
            _ => Pi5Chips,
            (api, number) =>
            {
                created = (api, number);
                return new FakeGpioDriver();
            });

        using var driver = opener.OpenDriver("raspberrypi-exp-gpio");

        Assert.Equal((installed, 10), created);
    }

    [Fact]
    public void OpenDriver_LabelAbsent_OneLineNamingTheChipAndThosePresent()
    {
        var opener = new GpioChipOpener(_ => true, _ => Pi5Chips, (_, _) => new FakeGpioDriver());

        var ex = Assert.Throws<IOException>(() => opener.OpenDriver("pinctrl-bcm2711"));

        Assert.StartsWith("GPIO chip 'pinctrl-bcm2711' not found (chips present: gpiochip0 'pinctrl-rp1', gpiochip10 'raspberrypi-exp-gpio').", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void OpenDriver_NoLibgpiod_NamesChipAndPackages()
    {
        var opener = new GpioChipOpener(_ => false, _ => [], (_, _) => new FakeGpioDriver());

        var ex = Assert.Throws<IOException>(() => opener.OpenDriver("pinctrl-rp1"));

        Assert.Equal("GPIO chip 'pinctrl-rp1': libgpiod is not installed (libgpiod.so.2 or libgpiod.so.3; apt-get install libgpiod2 on bookworm, libgpiod3 on trixie).", ex.Message);
    }

    [Theory]
    [InlineData("/dev/gpiochip4", 4)]
    [InlineData("gpiochip0", 0)]
    [InlineData("12", 12)]
    [InlineData("pinctrl-rp1", null)]
    [InlineData("gpiochipX", null)]
    public void ChipNumber_Text_NumberOrLabel(string text, int? expected)
    {
        Assert.Equal(expected, GpioChipOpener.ChipNumber(text));
    }

    // The real libraries on this machine: Debian 12's libgpiod2 (install-deps.sh), no libgpiod.so.3, no GPIO in the kernel.

    [Fact]
    public void DetectApi_ThisMachine_V1()
    {
        Assert.Equal(LibGpiodApi.V1, new GpioChipOpener().DetectApi());
    }

    [Fact]
    public void LibGpiodDriver_NoChip_ThrowsTheLibrarysIOException()
    {
        if (HasChips())
        {
            return; // A Pi: chip 0 exists.
        }

        var ex = Assert.Throws<IOException>(() => new LibGpiodDriver(0));

        Assert.StartsWith("Unable to find a chip, error: 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibGpiodV2Driver_WithoutLibgpiodSo3_ThrowsGpiodExceptionAroundDllNotFound()
    {
        var ex = Assert.Throws<GpiodException>(() => new LibGpiodV2Driver(0));

        Assert.IsType<DllNotFoundException>(ex.InnerException);
    }

    [Theory]
    [InlineData("gpiochip0")]
    [InlineData("/dev/gpiochip0")]
    public void OpenController_ChipNumberWithoutChip_OneLineWithTheLibraryErrorInside(string chip)
    {
        if (HasChips())
        {
            return;
        }

        var ex = Assert.Throws<IOException>(() => new GpioChipOpener().OpenController(chip));

        Assert.StartsWith($"GPIO chip '{chip}' (gpiochip0) cannot be opened with libgpiod V1: Unable to find a chip, error: 2", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("There is no /dev/gpiochip* here: in a container, map the chip under HostConfig.Devices.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.IsType<IOException>(ex.InnerException);
    }

    [Fact]
    public void OpenController_LabelWithoutChips_SaysNoneFound()
    {
        if (HasChips())
        {
            return;
        }

        var ex = Assert.Throws<IOException>(() => new GpioChipOpener().OpenController("pinctrl-bcm2711"));

        Assert.StartsWith("GPIO chip 'pinctrl-bcm2711' not found (libgpiod finds no chip on this machine).", ex.Message, StringComparison.Ordinal);
    }

    private static bool HasChips() => Directory.GetFiles("/dev", "gpiochip*").Length > 0;
}

using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Hardware.Tests.Gpio;

/// <summary>The real libgpiod binding, as far as a machine without GPIO chips allows: it loads, and fails clearly.</summary>
public sealed class LibGpiodDriverTests
{
    [Fact]
    public void LibraryVersion_InstalledLibgpiod2_IsTheV1Api()
    {
        var version = LibGpiodDriver.LibraryVersion;

        Assert.StartsWith("1.", version, StringComparison.Ordinal);
        Assert.Equal("1.6.3", version);
    }

    [Theory]
    [InlineData("/dev/gpiochip0", "path '/dev/gpiochip0'")]
    [InlineData("gpiochip4", "name 'gpiochip4'")]
    [InlineData("pinctrl-rp1", "label 'pinctrl-rp1'")]
    public void Constructor_NoSuchChip_ThrowsNamingTheChip(string chip, string expected)
    {
        if (Directory.GetFiles("/dev", "gpiochip*").Length > 0)
        {
            return; // A machine with real chips (a Pi): the no-chip path cannot be provoked by name alone.
        }

        var ex = Assert.Throws<GpioException>(() => new LibGpiodDriver(GpioChipSelector.Parse(chip)));

        Assert.Contains($"Cannot open GPIO chip {expected}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no /dev/gpiochip*", ex.Message, StringComparison.Ordinal);
    }
}

using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Hardware.Tests.Gpio;

public sealed class GpioChipSelectorTests
{
    [Theory]
    [InlineData("/dev/gpiochip4", GpioChipSelectorKind.Path)]
    [InlineData("gpiochip0", GpioChipSelectorKind.Name)]
    [InlineData("pinctrl-bcm2711", GpioChipSelectorKind.Label)]
    [InlineData("pinctrl-rp1", GpioChipSelectorKind.Label)]
    [InlineData("gpiochipX", GpioChipSelectorKind.Label)]
    public void Parse_Text_DetectsKind(string text, GpioChipSelectorKind expected)
    {
        var selector = GpioChipSelector.Parse(text);

        Assert.Equal(expected, selector.Kind);
        Assert.Equal(text, selector.Value);
    }
}

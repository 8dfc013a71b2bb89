namespace EdgeCam.Hardware.Gpio;

/// <summary>How a GPIO chip is named in settings.</summary>
public enum GpioChipSelectorKind
{
    /// <summary>A device path such as <c>/dev/gpiochip0</c>.</summary>
    Path,

    /// <summary>A kernel name such as <c>gpiochip4</c>.</summary>
    Name,

    /// <summary>
    /// The chip's label, stable across boards: <c>pinctrl-bcm2711</c> on a Pi 4 (gpiochip0), <c>pinctrl-rp1</c> on a
    /// Pi 5 (gpiochip4 on older kernels, gpiochip0 since the 6.6 kernels re-numbered it), which is why a label is the
    /// safer choice when one image serves both.
    /// </summary>
    Label,
}

/// <summary>A GPIO chip as configured: a path (<c>/dev/…</c>), a name (<c>gpiochipN</c>) or anything else as a label.</summary>
public sealed record GpioChipSelector(GpioChipSelectorKind Kind, string Value)
{
    /// <summary>Interprets <paramref name="text"/>: <c>/dev/…</c> is a path, <c>gpiochipN</c> a name, otherwise a label.</summary>
    public static GpioChipSelector Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('/'))
        {
            return new GpioChipSelector(GpioChipSelectorKind.Path, trimmed);
        }

        if (trimmed.StartsWith("gpiochip", StringComparison.Ordinal) && trimmed.Length > 8 && trimmed[8..].All(char.IsAsciiDigit))
        {
            return new GpioChipSelector(GpioChipSelectorKind.Name, trimmed);
        }

        return new GpioChipSelector(GpioChipSelectorKind.Label, trimmed);
    }

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} '{Value}'";
}

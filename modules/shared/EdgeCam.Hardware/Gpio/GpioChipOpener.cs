using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeCam.Hardware.Gpio;

/// <summary>
/// Opens the GPIO chip named in settings with the System.Device.Gpio driver that fits the installed libgpiod:
/// <see cref="LibGpiodV2Driver"/> when <c>libgpiod.so.3</c> loads (libgpiod 2.x, trixie), otherwise
/// <see cref="LibGpiodDriver"/> when <c>libgpiod.so.2</c> loads (libgpiod 1.6, bookworm). Each driver loads only its own
/// soname, so the wrong one fails on first use; asking the loader first picks the right one before any chip is touched.
/// <para>
/// The chip is named by label (<c>pinctrl-bcm2711</c> on a Pi 4, <c>pinctrl-rp1</c> on a Pi 5: stable, while the Pi 5's
/// chip number changed from 4 to 0 with the 6.6 kernels), by name (<c>gpiochip0</c>), by path (<c>/dev/gpiochip0</c>, a
/// symlink is followed) or by number. Every failure is one <see cref="IOException"/> line naming the chip (the type the
/// drivers themselves throw), with the driver's own exception as the inner one.
/// </para>
/// </summary>
public sealed class GpioChipOpener
{
    /// <summary>Soname of libgpiod 1.x, loaded by <see cref="LibGpiodDriver"/>.</summary>
    public const string V1Library = "libgpiod.so.2";

    /// <summary>Soname of libgpiod 2.x, loaded by <see cref="LibGpiodV2Driver"/>.</summary>
    public const string V2Library = "libgpiod.so.3";

    private const string ChipPrefix = "gpiochip";
    private readonly Func<string, bool> _libraryLoads;
    private readonly Func<LibGpiodApi, IList<GpioChipInfo>> _availableChips;
    private readonly Func<LibGpiodApi, int, GpioDriver> _createDriver;

    /// <summary>Uses the machine's libgpiod and the real drivers.</summary>
    public GpioChipOpener()
        : this(CanLoad, AvailableChips, CreateDriver)
    {
    }

    /// <summary>For tests: which sonames load, which chips exist, and how a driver is made.</summary>
    internal GpioChipOpener(Func<string, bool> libraryLoads, Func<LibGpiodApi, IList<GpioChipInfo>> availableChips, Func<LibGpiodApi, int, GpioDriver> createDriver)
    {
        _libraryLoads = libraryLoads;
        _availableChips = availableChips;
        _createDriver = createDriver;
    }

    /// <summary>The libgpiod API this machine has: v2 wins when both are installed (the v1 package is then a leftover).</summary>
    public LibGpiodApi DetectApi() =>
        _libraryLoads(V2Library) ? LibGpiodApi.V2 : _libraryLoads(V1Library) ? LibGpiodApi.V1 : LibGpiodApi.None;

    /// <summary>A controller that owns a driver for <paramref name="chip"/> (disposing it releases the chip).</summary>
    /// <exception cref="IOException">No libgpiod, no such chip, or the chip cannot be opened; the message names it.</exception>
    public GpioController OpenController(string chip) => new(OpenDriver(chip));

    /// <summary>The driver for <paramref name="chip"/> (label, name, path or number).</summary>
    /// <exception cref="IOException">No libgpiod, no such chip, or the chip cannot be opened; the message names it.</exception>
    public GpioDriver OpenDriver(string chip)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        var text = chip.Trim();
        var api = DetectApi();
        if (api == LibGpiodApi.None)
        {
            throw new IOException($"GPIO chip '{text}': libgpiod is not installed ({V1Library} or {V2Library}; apt-get install libgpiod2 on bookworm, libgpiod3 on trixie).");
        }

        var number = ChipNumber(text) ?? FindByLabel(api, text);
        try
        {
            return _createDriver(api, number);
        }
        catch (IOException ex)
        {
            throw new IOException($"GPIO chip '{text}' ({ChipPrefix}{number}) cannot be opened with libgpiod {api}: {ex.Message}. {DevicesHint()}", ex);
        }
    }

    /// <summary>The chip number in <c>/dev/gpiochipN</c>, <c>gpiochipN</c> or <c>N</c>; null for a label.</summary>
    internal static int? ChipNumber(string text)
    {
        if (text.StartsWith('/'))
        {
            // A udev symlink (e.g. /dev/gpiochip-ircut) names the chip it points to; a missing path keeps its own name.
            text = File.Exists(text) ? File.ResolveLinkTarget(text, returnFinalTarget: true)?.FullName ?? text : text;
            text = Path.GetFileName(text);
        }

        var digits = text.StartsWith(ChipPrefix, StringComparison.Ordinal) ? text[ChipPrefix.Length..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    private int FindByLabel(LibGpiodApi api, string label)
    {
        var chips = _availableChips(api);
        foreach (var info in chips)
        {
            if (string.Equals(info.Label, label, StringComparison.Ordinal))
            {
                return info.Id;
            }
        }

        var present = chips.Count == 0
            ? "libgpiod finds no chip on this machine"
            : "chips present: " + string.Join(", ", chips.Select(c => $"{c.Name} '{c.Label}'"));
        throw new IOException($"GPIO chip '{label}' not found ({present}). {DevicesHint()}");
    }

    private static string DevicesHint() => Directory.Exists("/dev") && Directory.GetFiles("/dev", ChipPrefix + "*").Length > 0
        ? "Check the label with gpiodetect."
        : "There is no /dev/gpiochip* here: in a container, map the chip under HostConfig.Devices.";

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    private static IList<GpioChipInfo> AvailableChips(LibGpiodApi api) =>
        api == LibGpiodApi.V2 ? LibGpiodV2Driver.GetAvailableChips() : LibGpiodDriver.GetAvailableChips();

    private static GpioDriver CreateDriver(LibGpiodApi api, int number) =>
        api == LibGpiodApi.V2 ? new LibGpiodV2Driver(number) : new LibGpiodDriver(number);
}

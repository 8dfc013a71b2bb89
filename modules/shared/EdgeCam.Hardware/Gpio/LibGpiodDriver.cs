using System.Runtime.InteropServices;

namespace EdgeCam.Hardware.Gpio;

/// <summary>
/// GPIO through libgpiod v1 (Debian <c>libgpiod2</c>), the character device <c>/dev/gpiochipN</c>: what
/// System.Device.Gpio itself uses on Linux. One instance owns one chip; lines are requested as outputs under the
/// consumer name "edgecam" (visible in <c>gpioinfo</c>).
/// </summary>
public sealed class LibGpiodDriver : GpioDriver
{
    private const string Consumer = "edgecam";
    private readonly Dictionary<int, IntPtr> _lines = [];
    private IntPtr _chip;

    /// <summary>Opens the chip named by <paramref name="chip"/>.</summary>
    /// <exception cref="GpioException">libgpiod is missing, or no such chip exists (the message names it and says why).</exception>
    public LibGpiodDriver(GpioChipSelector chip)
    {
        ArgumentNullException.ThrowIfNull(chip);
        Chip = chip;
        try
        {
            _chip = chip.Kind switch
            {
                GpioChipSelectorKind.Path => LibGpiod.ChipOpen(chip.Value),
                GpioChipSelectorKind.Name => LibGpiod.ChipOpenByName(chip.Value),
                _ => LibGpiod.ChipOpenByLabel(chip.Value),
            };
        }
        catch (DllNotFoundException ex)
        {
            throw new GpioException("libgpiod (libgpiod.so.2, the v1 API) is not installed: apt-get install libgpiod2.", ex);
        }

        if (_chip == IntPtr.Zero)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new GpioException($"Cannot open GPIO chip {chip}: {Describe(errno)}. {ChipHint()}");
        }
    }

    /// <summary>The chip this driver drives.</summary>
    public GpioChipSelector Chip { get; }

    /// <summary>The libgpiod version, e.g. "1.6.3".</summary>
    /// <exception cref="GpioException">libgpiod is not installed.</exception>
    public static string LibraryVersion
    {
        get
        {
            try
            {
                return LibGpiod.Version();
            }
            catch (DllNotFoundException ex)
            {
                throw new GpioException("libgpiod (libgpiod.so.2, the v1 API) is not installed: apt-get install libgpiod2.", ex);
            }
        }
    }

    protected override void OpenOutputCore(int line, bool activeLow, bool initialActive)
    {
        if (_lines.ContainsKey(line))
        {
            throw new GpioException($"GPIO line {line} of chip {Chip} is already open.");
        }

        var handle = LibGpiod.ChipGetLine(_chip, (uint)line);
        if (handle == IntPtr.Zero)
        {
            throw new GpioException($"GPIO chip {Chip} has no line {line}: {Describe(Marshal.GetLastPInvokeError())}.");
        }

        var flags = activeLow ? LibGpiod.RequestFlagActiveLow : 0;
        if (LibGpiod.LineRequestOutputFlags(handle, Consumer, flags, initialActive ? 1 : 0) < 0)
        {
            throw new GpioException($"Cannot request GPIO line {line} of chip {Chip} as an output: {Describe(Marshal.GetLastPInvokeError())} (in use by another program?).");
        }

        _lines.Add(line, handle);
    }

    protected override void WriteCore(int line, bool active)
    {
        if (!_lines.TryGetValue(line, out var handle))
        {
            throw new GpioException($"GPIO line {line} of chip {Chip} is not open.");
        }

        if (LibGpiod.LineSetValue(handle, active ? 1 : 0) < 0)
        {
            throw new GpioException($"Cannot set GPIO line {line} of chip {Chip}: {Describe(Marshal.GetLastPInvokeError())}.");
        }
    }

    protected override void CloseCore(int line)
    {
        if (_lines.Remove(line, out var handle))
        {
            LibGpiod.LineRelease(handle);
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var handle in _lines.Values)
        {
            LibGpiod.LineRelease(handle);
        }

        _lines.Clear();
        if (_chip != IntPtr.Zero)
        {
            LibGpiod.ChipClose(_chip);
            _chip = IntPtr.Zero;
        }

        base.Dispose(disposing);
    }

    private static string Describe(int errno) => errno switch
    {
        0 => "no error code",
        2 => "no such device (ENOENT)",
        13 => "permission denied (EACCES): add the gpio group or map the device",
        16 => "busy (EBUSY)",
        22 => "invalid argument (EINVAL)",
        _ => $"errno {errno}",
    };

    private static string ChipHint()
    {
        var chips = Directory.Exists("/dev") ? Directory.GetFiles("/dev", "gpiochip*") : [];
        return chips.Length == 0
            ? "There is no /dev/gpiochip* on this machine (in a container, map the chip under HostConfig.Devices)."
            : $"Chips present: {string.Join(", ", chips.Order(StringComparer.Ordinal))}.";
    }
}

using System.Runtime.InteropServices;

namespace EdgeCam.Hardware.Gpio;

/// <summary>
/// The one place that calls libgpiod: the v1 API of Debian's <c>libgpiod2</c> package (1.6.x, soname
/// <c>libgpiod.so.2</c>). Not the 2.x <c>gpiod_line_request</c> API. Functions that fail return NULL or -1 and set errno.
/// </summary>
internal static partial class LibGpiod
{
    private const string Library = "libgpiod.so.2";

    /// <summary><c>GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW</c> = <c>GPIOD_BIT(2)</c> in gpiod.h 1.6: values are inverted by the kernel.</summary>
    public const int RequestFlagActiveLow = 1 << 2;

    [LibraryImport(Library, EntryPoint = "gpiod_version_string")]
    public static partial IntPtr VersionString();

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial IntPtr ChipOpen(string path);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial IntPtr ChipOpenByName(string name);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open_by_label", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial IntPtr ChipOpenByLabel(string label);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_close")]
    public static partial void ChipClose(IntPtr chip);

    /// <summary>The line belongs to the chip and is freed with it; NULL with errno EINVAL when out of range.</summary>
    [LibraryImport(Library, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    public static partial IntPtr ChipGetLine(IntPtr chip, uint offset);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_output_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestOutputFlags(IntPtr line, string consumer, int flags, int defaultValue);

    [LibraryImport(Library, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    public static partial int LineSetValue(IntPtr line, int value);

    [LibraryImport(Library, EntryPoint = "gpiod_line_release")]
    public static partial void LineRelease(IntPtr line);

    /// <summary>The library's version, e.g. "1.6.3".</summary>
    public static string Version() => Marshal.PtrToStringUTF8(VersionString()) ?? string.Empty;
}

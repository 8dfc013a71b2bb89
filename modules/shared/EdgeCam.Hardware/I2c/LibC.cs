using System.Runtime.InteropServices;

namespace EdgeCam.Hardware.I2c;

/// <summary>The libc calls behind <see cref="UnixI2cDevice"/>: the i2c-dev interface of the Linux kernel.</summary>
internal static partial class LibC
{
    public const int ReadWrite = 2; // O_RDWR

    /// <summary><c>I2C_SLAVE</c> from linux/i2c-dev.h: sets the address of the following read()/write() calls.</summary>
    public const nuint I2cSlave = 0x0703;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, nuint argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);
}

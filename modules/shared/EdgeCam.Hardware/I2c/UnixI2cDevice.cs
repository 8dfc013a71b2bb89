using System.Runtime.InteropServices;

namespace EdgeCam.Hardware.I2c;

/// <summary>
/// An I2C device through the kernel's i2c-dev driver: <c>open("/dev/i2c-N")</c>, <c>ioctl(I2C_SLAVE, address)</c>,
/// then plain read()/write(). On a Pi the header pins SDA/SCL (GPIO 2/3) are bus 1 (<c>dtparam=i2c_arm=on</c>).
/// </summary>
public sealed class UnixI2cDevice : I2cDevice
{
    private readonly string _path;
    private int _fd;

    private UnixI2cDevice(string path, int fd, int address)
    {
        _path = path;
        _fd = fd;
        Address = address;
    }

    public override int Address { get; }

    /// <summary>Opens device <paramref name="address"/> on bus <paramref name="busId"/> (<c>/dev/i2c-{busId}</c>).</summary>
    /// <exception cref="IOException">The bus does not exist, access is denied, or the address cannot be selected.</exception>
    public static UnixI2cDevice Create(int busId, int address)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(busId);
        ArgumentOutOfRangeException.ThrowIfLessThan(address, 0x03);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address, 0x77);
        var path = $"/dev/i2c-{busId}";
        var fd = LibC.Open(path, LibC.ReadWrite);
        if (fd < 0)
        {
            throw new IOException($"Cannot open I2C bus {path}: errno {Marshal.GetLastPInvokeError()} (enable I2C and map the device into the container).");
        }

        if (LibC.Ioctl(fd, LibC.I2cSlave, (nuint)address) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = LibC.Close(fd);
            throw new IOException($"Cannot select I2C address 0x{address:X2} on {path}: errno {errno}.");
        }

        return new UnixI2cDevice(path, fd, address);
    }

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* pointer = buffer)
        {
            var written = LibC.Write(_fd, pointer, (nuint)buffer.Length);
            if (written != buffer.Length)
            {
                throw new IOException($"I2C write to 0x{Address:X2} on {_path} failed: {Outcome(written)}.");
            }
        }
    }

    public override unsafe void Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        fixed (byte* pointer = buffer)
        {
            var read = LibC.Read(_fd, pointer, (nuint)buffer.Length);
            if (read != buffer.Length)
            {
                throw new IOException($"I2C read from 0x{Address:X2} on {_path} failed: {Outcome(read)}.");
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_fd >= 0)
        {
            _ = LibC.Close(_fd);
            _fd = -1;
        }

        base.Dispose(disposing);
    }

    // A device that does not acknowledge its address gives EREMOTEIO (121) or ENXIO (6).
    private static string Outcome(nint result) =>
        result < 0 ? $"errno {Marshal.GetLastPInvokeError()} (no device answering at this address?)" : $"only {result} bytes transferred";
}

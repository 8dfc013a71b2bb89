namespace EdgeCam.Hardware.I2c;

/// <summary>
/// One device on an I2C bus (the seam: <see cref="UnixI2cDevice"/> is <c>/dev/i2c-N</c>, tests use a simulated
/// register file). Shaped like dotnet/iot's <c>I2cDevice</c>: a binding takes one of these, never a bus number.
/// Failures throw <see cref="IOException"/>.
/// </summary>
public abstract class I2cDevice : IDisposable
{
    /// <summary>The 7-bit address of the device.</summary>
    public abstract int Address { get; }

    /// <summary>Writes <paramref name="buffer"/> in one transaction.</summary>
    public abstract void Write(ReadOnlySpan<byte> buffer);

    /// <summary>Reads <paramref name="buffer"/>.Length bytes in one transaction.</summary>
    public abstract void Read(Span<byte> buffer);

    /// <summary>Writes then reads (a register address, then its value).</summary>
    public virtual void WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
    {
        Write(write);
        Read(read);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

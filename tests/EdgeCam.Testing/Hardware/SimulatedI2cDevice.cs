using System.Device.I2c;

namespace EdgeCam.Testing.Hardware;

/// <summary>
/// An I2C device as a register file, at System.Device.I2c's own seam (an <see cref="I2cDevice"/> subclass, as dotnet/iot's
/// Bmxx80 tests do). Registers are <paramref name="registerWidth"/> bytes wide (2 for the VEML7700's 16-bit
/// registers): a write of more than one byte stores the bytes after the first at the register the first names;
/// <see cref="WriteRead"/> reads from the register it names. Command-style parts without registers (the BH1750) get
/// <see cref="CommandResult"/> from a plain <see cref="Read"/>. Every write is recorded. <see cref="Fail"/> makes
/// transfers throw like a disconnected sensor.
/// </summary>
public sealed class SimulatedI2cDevice(int address, int busId = 1, int registerWidth = 1) : I2cDevice
{
    private readonly byte[] _registers = new byte[256 * registerWidth];
    private readonly List<byte[]> _writes = [];

    /// <inheritdoc/>
    public override I2cConnectionSettings ConnectionSettings { get; } = new(busId, address);

    /// <summary>What a plain read returns (command-style parts).</summary>
    public byte[] CommandResult { get; set; } = [0, 0];

    /// <summary>When set, every transfer throws <see cref="IOException"/> with this message.</summary>
    public string? Fail { get; set; }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Every write, in order.</summary>
    public IReadOnlyList<byte[]> Writes => _writes;

    /// <summary>Sets a register's bytes as the part would hold them.</summary>
    public void SetRegister(int register, params byte[] bytes) => bytes.CopyTo(_registers, register * registerWidth);

    /// <summary>Reads a register's bytes.</summary>
    public byte[] GetRegister(int register) => _registers.AsSpan(register * registerWidth, registerWidth).ToArray();

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailing();
        _writes.Add(buffer.ToArray());
        if (buffer.Length > 1)
        {
            buffer[1..].CopyTo(_registers.AsSpan(buffer[0] * registerWidth));
        }
    }

    /// <inheritdoc/>
    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        CommandResult.AsSpan(0, buffer.Length).CopyTo(buffer);
    }

    /// <inheritdoc/>
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        _registers.AsSpan(writeBuffer[0] * registerWidth, readBuffer.Length).CopyTo(readBuffer);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfFailing()
    {
        if (Fail is { } message)
        {
            throw new IOException(message);
        }
    }
}

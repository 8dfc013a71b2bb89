using EdgeCam.Hardware.I2c;

namespace EdgeCam.Testing.Hardware;

/// <summary>
/// An I2C device as a 256-byte register file: a write of more than one byte stores the bytes after the first at the
/// register the first names; <see cref="WriteRead"/> reads from the register it names; a plain <see cref="Read"/>
/// returns <see cref="CommandResult"/> (command-style parts such as the BH1750 have no registers). Every write is
/// recorded. <see cref="Fail"/> makes the next transfers throw like a disconnected sensor.
/// </summary>
public sealed class SimulatedI2cDevice(int address) : I2cDevice
{
    private readonly byte[] _registers = new byte[256];
    private readonly List<byte[]> _writes = [];

    public override int Address => address;

    /// <summary>What a plain read returns when no register was selected.</summary>
    public byte[] CommandResult { get; set; } = [0, 0];

    /// <summary>When set, every transfer throws <see cref="IOException"/> with this message.</summary>
    public string? Fail { get; set; }

    public bool IsDisposed { get; private set; }

    public IReadOnlyList<byte[]> Writes => _writes;

    public void SetRegister(int register, params byte[] bytes) => bytes.CopyTo(_registers, register);

    public byte[] GetRegister(int register, int length) => _registers.AsSpan(register, length).ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfFailing();
        _writes.Add(buffer.ToArray());
        if (buffer.Length > 1)
        {
            buffer[1..].CopyTo(_registers.AsSpan(buffer[0]));
        }
    }

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        CommandResult.AsSpan(0, buffer.Length).CopyTo(buffer);
    }

    public override void WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
    {
        Write(write);
        _registers.AsSpan(write[0], read.Length).CopyTo(read);
    }

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

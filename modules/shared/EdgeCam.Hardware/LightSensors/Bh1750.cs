using EdgeCam.Hardware.I2c;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// ROHM BH1750FVI ambient light sensor: 1–65535 lx, spectral response close to the human eye and low IR sensitivity,
/// so IR LEDs barely raise its reading (datasheet: ROHM "BH1750FVI Digital 16bit Serial Output Type Ambient Light
/// Sensor IC"). Address 0x23 with ADDR low (<see cref="DefaultAddress"/>), 0x5C with ADDR high.
/// </summary>
public sealed class Bh1750 : I2cLightSensor
{
    /// <summary>ADDR pin low.</summary>
    public const int DefaultAddress = 0x23;

    /// <summary>ADDR pin high.</summary>
    public const int AlternateAddress = 0x5C;

    // Instruction set (datasheet p.5): one-byte opcodes, no registers.
    internal const byte PowerOn = 0x01;

    /// <summary>Continuously H-Resolution Mode: 1 lx resolution, 120 ms typical (180 ms max) per measurement.</summary>
    internal const byte ContinuousHighResolution = 0x10;

    // Measurement result = count / 1.2 at the default measurement time register (MTreg = 69) (datasheet p.7).
    private const double CountsPerLux = 1.2;

    /// <summary>Takes <paramref name="device"/> (and disposes it).</summary>
    public Bh1750(I2cDevice device)
        : base(device)
    {
    }

    public override string Model => "BH1750";

    /// <summary>Power on, then continuous high-resolution mode. The first result is ready 180 ms later (max).</summary>
    protected override void Start()
    {
        Device.Write([PowerOn]);
        Device.Write([ContinuousHighResolution]);
    }

    /// <summary>Two bytes, high byte first.</summary>
    protected override double ReadLux()
    {
        Span<byte> data = stackalloc byte[2];
        Device.Read(data);
        return ((data[0] << 8) | data[1]) / CountsPerLux;
    }
}

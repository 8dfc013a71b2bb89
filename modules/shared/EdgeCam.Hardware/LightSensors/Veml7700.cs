using System.Buffers.Binary;
using EdgeCam.Hardware.I2c;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// Vishay VEML7700 ambient light sensor: 16-bit registers written and read low byte first, fixed address 0x10
/// (datasheet: Vishay VEML7700 "High Accuracy Ambient Light Sensor With I2C Interface"; application note
/// "Designing the VEML7700 Into an Application").
/// </summary>
public sealed class Veml7700 : I2cLightSensor
{
    /// <summary>The only address the part has.</summary>
    public const int DefaultAddress = 0x10;

    /// <summary>ALS_CONF_0: gain bits 12:11, integration time bits 9:6, persistence 5:4, interrupt enable bit 1, shutdown bit 0.</summary>
    internal const byte ConfigurationRegister = 0x00;

    /// <summary>ALS: the 16-bit ambient light count.</summary>
    internal const byte AmbientLightRegister = 0x04;

    /// <summary>
    /// Gain ×1 (bits 12:11 = 00), integration time 100 ms (bits 9:6 = 0000), powered on (bit 0 = 0): resolution
    /// 0.0576 lx/count, full scale about 3,775 lx. Day/night thresholds sit at a few lux, where this resolves well;
    /// brighter daylight saturates, which is still "day".
    /// </summary>
    internal const ushort Configuration = 0x0000;

    /// <summary>
    /// lx per count at gain ×1 and 100 ms. The application note's table gives 0.0036 lx/count at gain ×2 and 800 ms and
    /// scales inversely with gain and integration time: 0.0036 × 2 × 8 = 0.0576. The note's non-linearity correction
    /// matters above about 1,000 lx only and is not applied.
    /// </summary>
    internal const double LuxPerCount = 0.0576;

    /// <summary>Takes <paramref name="device"/> (and disposes it).</summary>
    public Veml7700(I2cDevice device)
        : base(device)
    {
    }

    public override string Model => "VEML7700";

    /// <summary>Writes the configuration; the datasheet asks for 2.5 ms after power-on, and the first count comes one integration time (100 ms) later.</summary>
    protected override void Start()
    {
        Span<byte> write = stackalloc byte[3];
        write[0] = ConfigurationRegister;
        BinaryPrimitives.WriteUInt16LittleEndian(write[1..], Configuration);
        Device.Write(write);
    }

    protected override double ReadLux()
    {
        Span<byte> read = stackalloc byte[2];
        Device.WriteRead([AmbientLightRegister], read);
        return BinaryPrimitives.ReadUInt16LittleEndian(read) * LuxPerCount;
    }
}

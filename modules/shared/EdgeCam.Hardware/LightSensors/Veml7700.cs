using System.Buffers.Binary;
using System.Device.I2c;
using UnitsNet;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// Vishay VEML7700 ambient light sensor, 16-bit, I2C (Vishay VEML7700 datasheet "High Accuracy Ambient Light Sensor With
/// I2C Interface", document 84286; application note "Designing the VEML7700 Into an Application", document 84323).
/// Iot.Device.Bindings has no binding for it. Fixed address 0x10. Registers are 16 bits wide, sent and read low byte
/// first after a one-byte command code. Disposing the sensor disposes its <see cref="I2cDevice"/>.
/// </summary>
public sealed class Veml7700 : IDisposable
{
    /// <summary>The only address the part has (datasheet p. 1, "slave address 0x10").</summary>
    public const int DefaultI2cAddress = 0x10;

    /// <summary>Command code 0x00, ALS_CONF_0: gain 12:11, integration time 9:6, persistence 5:4, interrupt enable 1, shutdown 0.</summary>
    internal const byte ConfigurationRegister = 0x00;

    /// <summary>Command code 0x04, ALS: the ambient light count (read only).</summary>
    internal const byte AmbientLightRegister = 0x04;

    /// <summary>
    /// lx per count at gain ×2 and 800 ms, the most sensitive setting (application note 84323, table "Resolution and
    /// maximum detection range"; later datasheet revisions quote 0.0042). Other settings scale inversely with gain and
    /// integration time.
    /// </summary>
    private const double MostSensitiveResolution = 0.0036;

    private readonly I2cDevice _device;
    private bool _disposed;

    /// <summary>Configures the sensor (powered on, interrupt off, persistence 1) with <paramref name="gain"/> and <paramref name="integrationTime"/>.</summary>
    /// <param name="i2cDevice">The device at <see cref="DefaultI2cAddress"/>; disposed with the sensor.</param>
    /// <param name="gain">Gain: ×1 by default (about 3,775 lx full scale at 100 ms, 0.0576 lx per count).</param>
    /// <param name="integrationTime">Integration time: 100 ms by default.</param>
    /// <exception cref="IOException">The sensor does not answer.</exception>
    public Veml7700(I2cDevice i2cDevice, Veml7700Gain gain = Veml7700Gain.One, Veml7700IntegrationTime integrationTime = Veml7700IntegrationTime.Milliseconds100)
    {
        ArgumentNullException.ThrowIfNull(i2cDevice);
        _device = i2cDevice;
        Gain = gain;
        IntegrationTime = integrationTime;

        // Shutdown bit 0 cleared powers the ALS on. Datasheet p. 7: wait 2.5 ms before the first measurement; the first
        // count is ready one integration time later, so a read sooner returns 0.
        Span<byte> write = stackalloc byte[3];
        write[0] = ConfigurationRegister;
        BinaryPrimitives.WriteUInt16LittleEndian(write[1..], Configuration(gain, integrationTime));
        _device.Write(write);
    }

    /// <summary>The gain in use.</summary>
    public Veml7700Gain Gain { get; }

    /// <summary>The integration time in use.</summary>
    public Veml7700IntegrationTime IntegrationTime { get; }

    /// <summary>
    /// Lux per count at <see cref="Gain"/> and <see cref="IntegrationTime"/>: 0.0576 at ×1 and 100 ms. The application
    /// note's non-linearity correction matters above about 1,000 lx and is not applied.
    /// </summary>
    public double Resolution => MostSensitiveResolution * (2 / GainFactor(Gain)) * (800 / Milliseconds(IntegrationTime));

    /// <summary>The ALS register, converted to lux.</summary>
    /// <exception cref="IOException">The bus transfer failed.</exception>
    public Illuminance ReadIlluminance() => Illuminance.FromLux(ReadAmbientLightCount() * Resolution);

    /// <summary>The raw 16-bit count of the ALS register.</summary>
    /// <exception cref="IOException">The bus transfer failed.</exception>
    public int ReadAmbientLightCount()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> read = stackalloc byte[2];
        _device.WriteRead([AmbientLightRegister], read);
        return BinaryPrimitives.ReadUInt16LittleEndian(read);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _device.Dispose();
        }
    }

    /// <summary>The ALS_CONF_0 word: gain, integration time, persistence 1 (00), interrupt off, powered on.</summary>
    internal static ushort Configuration(Veml7700Gain gain, Veml7700IntegrationTime integrationTime) =>
        (ushort)(((int)gain << 11) | ((int)integrationTime << 6));

    private static double GainFactor(Veml7700Gain gain) => gain switch
    {
        Veml7700Gain.Two => 2,
        Veml7700Gain.OneEighth => 0.125,
        Veml7700Gain.OneQuarter => 0.25,
        _ => 1,
    };

    private static double Milliseconds(Veml7700IntegrationTime time) => time switch
    {
        Veml7700IntegrationTime.Milliseconds25 => 25,
        Veml7700IntegrationTime.Milliseconds50 => 50,
        Veml7700IntegrationTime.Milliseconds200 => 200,
        Veml7700IntegrationTime.Milliseconds400 => 400,
        Veml7700IntegrationTime.Milliseconds800 => 800,
        _ => 100,
    };
}

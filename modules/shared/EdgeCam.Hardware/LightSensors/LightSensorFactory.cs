using System.Device.I2c;
using Iot.Device.Bh1750fvi;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>The supported light sensor models.</summary>
public enum LightSensorModel
{
    /// <summary>No sensor: night vision uses frame brightness.</summary>
    None,

    /// <summary>ROHM BH1750FVI, through Iot.Device.Bindings' <see cref="Bh1750fvi"/>.</summary>
    Bh1750,

    /// <summary>Vishay VEML7700, through EdgeCam's <see cref="Veml7700"/>.</summary>
    Veml7700,
}

/// <summary>Creates a light sensor on <c>/dev/i2c-N</c> (or on a given device factory, for tests).</summary>
public static class LightSensorFactory
{
    /// <summary>The address a model uses when none is configured: BH1750 0x23 (ADDR low; 0x5C with ADDR high), VEML7700 0x10.</summary>
    public static int DefaultAddress(LightSensorModel model) => model switch
    {
        LightSensorModel.Bh1750 => (int)I2cAddress.AddPinLow,
        LightSensorModel.Veml7700 => Veml7700.DefaultI2cAddress,
        _ => 0,
    };

    /// <summary>Opens the bus and starts the sensor; null for <see cref="LightSensorModel.None"/>.</summary>
    /// <param name="model">The sensor model.</param>
    /// <param name="busId">The I2C bus: <c>/dev/i2c-{busId}</c> (1 on a Pi's header).</param>
    /// <param name="address">The 7-bit address.</param>
    /// <param name="createDevice">Opens the device (null: <see cref="I2cDevice.Create"/>); tests pass a simulator.</param>
    /// <exception cref="IOException">The bus cannot be opened (the message names <c>/dev/i2c-N</c>).</exception>
    public static ILightSensor? Create(LightSensorModel model, int busId, int address, Func<I2cConnectionSettings, I2cDevice>? createDevice = null)
    {
        if (model == LightSensorModel.None)
        {
            return null;
        }

        var device = (createDevice ?? I2cDevice.Create)(new I2cConnectionSettings(busId, address));
        return model == LightSensorModel.Bh1750
            ? new I2cLightSensor("BH1750", device, StartBh1750)
            : new I2cLightSensor("VEML7700", device, StartVeml7700);
    }

    private static Func<double> StartBh1750(I2cDevice device)
    {
        // The binding powers on, resets and sets the default measurement time (MTreg 69) in its constructor, but sends
        // the measurement-mode command only when Illuminance is read. Continuous H-resolution mode (1 lx, 120 ms typical,
        // 180 ms max: BH1750FVI datasheet p. 2 and p. 5) is therefore started here by one read whose result is the empty
        // register; later reads return the measurement running since then.
        var sensor = new Bh1750fvi(device, MeasuringMode.ContinuouslyHighResolutionMode);
        _ = sensor.Illuminance;
        return () => sensor.Illuminance.Lux;
    }

    private static Func<double> StartVeml7700(I2cDevice device)
    {
        var sensor = new Veml7700(device);
        return () => sensor.ReadIlluminance().Lux;
    }
}

using EdgeCam.Hardware.I2c;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>The supported light sensor models.</summary>
public enum LightSensorModel
{
    None,
    Bh1750,
    Veml7700,
}

/// <summary>Creates a sensor binding on <c>/dev/i2c-N</c>.</summary>
public static class LightSensorFactory
{
    /// <summary>The address a model uses when none is configured.</summary>
    public static int DefaultAddress(LightSensorModel model) => model switch
    {
        LightSensorModel.Bh1750 => Bh1750.DefaultAddress,
        LightSensorModel.Veml7700 => Veml7700.DefaultAddress,
        _ => 0,
    };

    /// <summary>Opens the bus and wraps the device; null for <see cref="LightSensorModel.None"/>.</summary>
    /// <exception cref="IOException">The bus cannot be opened.</exception>
    public static ILightSensor? Create(LightSensorModel model, int busId, int address, Func<int, int, I2cDevice>? openDevice = null)
    {
        if (model == LightSensorModel.None)
        {
            return null;
        }

        var device = (openDevice ?? UnixI2cDevice.Create)(busId, address);
        return model == LightSensorModel.Bh1750 ? new Bh1750(device) : new Veml7700(device);
    }
}

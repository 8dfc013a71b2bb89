namespace EdgeCam.Hardware.LightSensors;

/// <summary>An ambient light sensor as night vision uses it: one reading a second that must never throw into the loop.</summary>
public interface ILightSensor : IDisposable
{
    /// <summary>The sensor's model, for logs and reports ("BH1750").</summary>
    string Model { get; }

    /// <summary>The reason of the last failed read, or null after a good one (and while the sensor starts).</summary>
    string? LastError { get; }

    /// <summary>
    /// Reads the illuminance in lux. False when there is no measurement: the bus or the sensor failed
    /// (<see cref="LastError"/> says why), or the sensor was just (re)started and has no result yet (no error).
    /// </summary>
    bool TryReadIlluminance(out double lux);
}

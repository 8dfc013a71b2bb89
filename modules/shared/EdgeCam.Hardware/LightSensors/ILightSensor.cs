namespace EdgeCam.Hardware.LightSensors;

/// <summary>An ambient light sensor.</summary>
public interface ILightSensor : IDisposable
{
    /// <summary>The sensor's model, for logs and reports ("BH1750").</summary>
    string Model { get; }

    /// <summary>The reason of the last failed read, or null after a good one.</summary>
    string? LastError { get; }

    /// <summary>Reads the illuminance in lux; false (and <see cref="LastError"/> set) when the bus or sensor failed.</summary>
    bool TryReadIlluminance(out double lux);
}

using EdgeCam.Hardware.I2c;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// What the I2C light sensors share: the device (owned: disposed with the sensor, the dotnet/iot rule for buses), a lazy
/// start on the first read, and bus errors turned into <c>false</c> plus <see cref="LastError"/>, so a flaky cable never
/// throws into the caller's loop. A failed read also re-sends the start sequence next time (the sensor may have been
/// power-cycled).
/// </summary>
public abstract class I2cLightSensor : ILightSensor
{
    private bool _started;

    protected I2cLightSensor(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
    }

    public abstract string Model { get; }

    public string? LastError { get; private set; }

    protected I2cDevice Device { get; }

    public bool TryReadIlluminance(out double lux)
    {
        try
        {
            if (!_started)
            {
                Start();
                _started = true;
            }

            lux = ReadLux();
            LastError = null;
            return true;
        }
        catch (IOException ex)
        {
            _started = false;
            LastError = $"{Model} at 0x{Device.Address:X2}: {ex.Message}";
            lux = 0;
            return false;
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Powers the sensor on and starts continuous measurement.</summary>
    protected abstract void Start();

    /// <summary>Reads the latest measurement.</summary>
    protected abstract double ReadLux();

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Device.Dispose();
        }
    }
}

using System.Device.I2c;

namespace EdgeCam.Hardware.LightSensors;

/// <summary>
/// A light-sensor binding on an <see cref="I2cDevice"/> behind <see cref="ILightSensor"/>: bus errors become
/// <c>false</c> plus <see cref="LastError"/>, so a flaky cable never throws into the caller's loop, and a failed read
/// starts the binding again next time (the sensor may have been power-cycled and lost its configuration). The device is
/// owned: disposed with the sensor, the dotnet/iot rule for buses.
/// </summary>
public sealed class I2cLightSensor : ILightSensor
{
    private readonly I2cDevice _device;
    private readonly Func<I2cDevice, Func<double>> _start;
    private Func<double>? _read;

    /// <summary>Starts the binding at once, so that its first measurement is ready by the first read.</summary>
    /// <param name="model">The model, for messages ("BH1750").</param>
    /// <param name="device">The sensor's device; disposed with this sensor.</param>
    /// <param name="start">Creates the binding on the device (configuring the sensor) and returns its lux reading.</param>
    public I2cLightSensor(string model, I2cDevice device, Func<I2cDevice, Func<double>> start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(start);
        Model = model;
        _device = device;
        _start = start;
        TryStart();
    }

    /// <inheritdoc/>
    public string Model { get; }

    /// <inheritdoc/>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public bool TryReadIlluminance(out double lux)
    {
        lux = 0;
        if (_read is null)
        {
            // Starting now: both sensors need one measurement time (BH1750 up to 180 ms, VEML7700 one integration time)
            // before the result register holds a reading, so this sample has none.
            TryStart();
            return false;
        }

        try
        {
            lux = _read();
            LastError = null;
            return true;
        }
        catch (IOException ex)
        {
            Fail(ex);
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _device.Dispose();

    private bool TryStart()
    {
        try
        {
            _read = _start(_device);
            LastError = null;
            return true;
        }
        catch (IOException ex)
        {
            Fail(ex);
            return false;
        }
    }

    private void Fail(IOException ex)
    {
        _read = null;
        LastError = $"{Model} at 0x{_device.ConnectionSettings.DeviceAddress:X2}: {ex.Message}";
    }
}

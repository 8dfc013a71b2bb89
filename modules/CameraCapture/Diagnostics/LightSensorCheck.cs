using System.Device.I2c;
using System.Globalization;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Diagnostics;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>
/// Checks the light sensor of the night-vision settings: its bus's device node (<c>/dev/i2c-N</c>) exists, and the
/// sensor answers at its address, started through <see cref="LightSensorFactory"/> as night vision starts it and read
/// once after one measurement time. The ok line gives the lux it read.
/// </summary>
public sealed class LightSensorCheck : IDeviceCheck
{
    /// <summary>One measurement before the first read: BH1750 high resolution 180 ms at most (datasheet p. 2), VEML7700 100 ms at the default integration time.</summary>
    public static readonly TimeSpan MeasurementTime = TimeSpan.FromMilliseconds(200);

    private readonly NightVisionHardware _hardware;
    private readonly string _devRoot;
    private readonly Func<I2cConnectionSettings, I2cDevice>? _createDevice;
    private readonly TimeProvider _time;

    /// <param name="hardware">The wiring from the night-vision settings.</param>
    /// <param name="devRoot">Where device nodes are (<c>/dev</c>; a temporary directory in tests).</param>
    /// <param name="createDevice">Opens the sensor's device (null: <see cref="I2cDevice.Create"/>); tests pass a simulator.</param>
    /// <param name="time">Clock for the measurement wait.</param>
    public LightSensorCheck(NightVisionHardware hardware, string devRoot = "/dev", Func<I2cConnectionSettings, I2cDevice>? createDevice = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentException.ThrowIfNullOrWhiteSpace(devRoot);
        _hardware = hardware;
        _devRoot = devRoot;
        _createDevice = createDevice;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name => "light-sensor";

    /// <inheritdoc />
    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var h = _hardware;
        if (h.Sensor == LightSensorModel.None)
        {
            return CheckResult.Ok(Name, "no light sensor configured (nightVision.sensor); night vision uses frame brightness.");
        }

        var node = Path.Combine(_devRoot, string.Create(CultureInfo.InvariantCulture, $"i2c-{h.SensorBus}"));
        if (!File.Exists(node))
        {
            return CheckResult.Fail(Name, $"{node} is missing; enable I2C on the host (raspi-config nonint do_i2c 0, or dtparam=i2c_arm=on in config.txt, then reboot) and pass {node} to the container (HostConfig.Devices).");
        }

        var address = h.SensorAddress == 0 ? LightSensorFactory.DefaultAddress(h.Sensor) : h.SensorAddress;
        ILightSensor sensor;
        try
        {
            sensor = LightSensorFactory.Create(h.Sensor, h.SensorBus, address, _createDevice)!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(Name, $"{node} does not open ({ex.Message}); add the user to the i2c group, or the group to the container (GroupAdd, by number).");
        }

        using (sensor)
        {
            if (sensor.LastError is { } startError)
            {
                return NoAnswer(node, startError);
            }

            await Task.Delay(MeasurementTime, _time, cancellationToken);
            if (sensor.TryReadIlluminance(out var lux))
            {
                return CheckResult.Ok(Name, string.Create(CultureInfo.InvariantCulture, $"{sensor.Model} answers at 0x{address:X2} on {node}: {lux:0.##} lx."));
            }

            return sensor.LastError is { } readError
                ? NoAnswer(node, readError)
                : CheckResult.Warn(Name, $"{sensor.Model} at 0x{address:X2} on {node} started but had no measurement after {MeasurementTime.TotalMilliseconds:0} ms; run doctor again.");
        }
    }

    private CheckResult NoAnswer(string node, string error) =>
        CheckResult.Fail(Name, $"{error} on {node}; the sensor does not answer: check its wiring (SDA GPIO 2, SCL GPIO 3, 3.3 V), its address (i2cdetect -y {_hardware.SensorBus}) and nightVision.sensor.");
}

using EdgeCam.Hardware.Gpio;
using EdgeCam.Hardware.IrControl;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.NightVision;

/// <summary>
/// The board's night-vision hardware, opened from <see cref="NightVisionHardware"/>: one GPIO driver shared by the filter
/// and the LEDs (so they take it with <c>shouldDispose: false</c> and this set disposes it), and an optional light
/// sensor. Anything not configured is a null object.
/// </summary>
public sealed class NightVisionDevices : IDisposable
{
    private readonly GpioDriver? _driver;

    public NightVisionDevices(IIrCutFilter filter, IIrIlluminator illuminator, ILightSensor? sensor, GpioDriver? driver = null)
    {
        Filter = filter;
        Illuminator = illuminator;
        Sensor = sensor;
        _driver = driver;
    }

    public IIrCutFilter Filter { get; }

    public IIrIlluminator Illuminator { get; }

    public ILightSensor? Sensor { get; }

    /// <summary>A set that switches nothing and measures nothing.</summary>
    public static NightVisionDevices None() => new(new NullIrCutFilter(), new NullIrIlluminator(), null);

    /// <summary>Opens the real hardware: libgpiod for the lines, <c>/dev/i2c-N</c> for the sensor.</summary>
    /// <exception cref="IOException">A chip, line or bus cannot be opened (<see cref="GpioException"/> for GPIO).</exception>
    public static NightVisionDevices Open(NightVisionHardware hardware, Func<NightVisionHardware, GpioDriver>? openDriver = null, Func<NightVisionHardware, ILightSensor?>? openSensor = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        GpioDriver? driver = null;
        IIrCutFilter? filter = null;
        IIrIlluminator? illuminator = null;
        try
        {
            if (hardware.GpioChip.Length > 0 && (hardware.IrCutLine >= 0 || hardware.IrLedLine >= 0))
            {
                driver = (openDriver ?? (h => new LibGpiodDriver(GpioChipSelector.Parse(h.GpioChip))))(hardware);
            }

            filter = driver is not null && hardware.IrCutLine >= 0
                ? new IrCutFilter(driver, hardware.IrCutLine, hardware.IrCutActiveLow, shouldDispose: false)
                : new NullIrCutFilter();
            illuminator = driver is not null && hardware.IrLedLine >= 0
                ? new IrIlluminator(driver, hardware.IrLedLine, hardware.IrLedActiveLow, shouldDispose: false)
                : new NullIrIlluminator();
            var sensor = (openSensor ?? (h => LightSensorFactory.Create(h.Sensor, h.SensorBus, h.SensorAddress)))(hardware);
            return new NightVisionDevices(filter, illuminator, sensor, driver);
        }
        catch (IOException)
        {
            illuminator?.Dispose();
            filter?.Dispose();
            driver?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Sensor?.Dispose();
        Illuminator.Dispose();
        Filter.Dispose();
        _driver?.Dispose();
    }
}

using System.Device.Gpio;
using EdgeCam.Hardware.Gpio;
using EdgeCam.Hardware.IrControl;
using EdgeCam.Hardware.LightSensors;

namespace EdgeCam.CameraCapture.NightVision;

/// <summary>
/// The board's night-vision hardware, opened from <see cref="NightVisionHardware"/>: one <see cref="GpioController"/>
/// shared by the filter and the LEDs (so they take it with <c>shouldDispose: false</c> and this set disposes it), and an
/// optional light sensor. Anything not configured is a null object.
/// </summary>
public sealed class NightVisionDevices : IDisposable
{
    private readonly GpioController? _controller;

    /// <summary>Takes the parts (and disposes them, <paramref name="controller"/> last).</summary>
    public NightVisionDevices(IIrCutFilter filter, IIrIlluminator illuminator, ILightSensor? sensor, GpioController? controller = null)
    {
        Filter = filter;
        Illuminator = illuminator;
        Sensor = sensor;
        _controller = controller;
    }

    /// <summary>The IR-cut filter (a null object when there is none).</summary>
    public IIrCutFilter Filter { get; }

    /// <summary>The IR LEDs (a null object when there are none).</summary>
    public IIrIlluminator Illuminator { get; }

    /// <summary>The light sensor, or null: night vision then uses frame brightness.</summary>
    public ILightSensor? Sensor { get; }

    /// <summary>A set that switches nothing and measures nothing.</summary>
    public static NightVisionDevices None() => new(new NullIrCutFilter(), new NullIrIlluminator(), null);

    /// <summary>Opens the real hardware: the chip through <see cref="GpioChipOpener"/> (libgpiod v1 or v2), the sensor on <c>/dev/i2c-N</c>.</summary>
    /// <param name="hardware">The wiring.</param>
    /// <param name="openController">Opens the named chip (null: <see cref="GpioChipOpener.OpenController"/>); tests pass a controller on a fake driver.</param>
    /// <param name="openSensor">Opens the sensor (null: <see cref="LightSensorFactory.Create"/>).</param>
    /// <exception cref="IOException">A chip, pin or bus cannot be opened; the message names it.</exception>
    public static NightVisionDevices Open(NightVisionHardware hardware, Func<string, GpioController>? openController = null, Func<NightVisionHardware, ILightSensor?>? openSensor = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        GpioController? controller = null;
        IIrCutFilter? filter = null;
        IIrIlluminator? illuminator = null;
        try
        {
            if (hardware.GpioChip.Length > 0 && (hardware.IrCutLine >= 0 || hardware.IrLedLine >= 0))
            {
                controller = (openController ?? (chip => new GpioChipOpener().OpenController(chip)))(hardware.GpioChip);
            }

            filter = controller is not null && hardware.IrCutLine >= 0
                ? new IrCutFilter(hardware.IrCutLine, controller, shouldDispose: false, hardware.IrCutActiveLow)
                : new NullIrCutFilter();
            illuminator = controller is not null && hardware.IrLedLine >= 0
                ? new IrIlluminator(hardware.IrLedLine, controller, shouldDispose: false, hardware.IrLedActiveLow)
                : new NullIrIlluminator();
            var sensor = (openSensor ?? (h => LightSensorFactory.Create(h.Sensor, h.SensorBus, h.SensorAddress)))(hardware);
            return new NightVisionDevices(filter, illuminator, sensor, controller);
        }
        catch (IOException)
        {
            illuminator?.Dispose();
            filter?.Dispose();
            controller?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Sensor?.Dispose();
        Illuminator.Dispose();
        Filter.Dispose();
        _controller?.Dispose();
    }
}

using System.Device.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// IR LEDs switched by one GPIO pin through a transistor or MOSFET (an LED board draws 0.3–2 A from 5 V; a Pi pin gives
/// a few mA at 3.3 V). The pin is "active" when the LEDs are lit. Starts off.
/// </summary>
public sealed class IrIlluminator : IIrIlluminator
{
    private readonly GpioOutput _output;

    /// <summary>Opens <paramref name="pin"/> as an output with the LEDs off.</summary>
    /// <param name="pin">The GPIO pin (the BCM GPIO number on a Pi: the line offset on its chip).</param>
    /// <param name="controller">The controller (null: a new <see cref="GpioController"/> for the board, owned by this illuminator).</param>
    /// <param name="shouldDispose">Dispose <paramref name="controller"/> with this illuminator (false when it is shared).</param>
    /// <param name="activeLow">True when a low level lights the LEDs.</param>
    public IrIlluminator(int pin, GpioController? controller = null, bool shouldDispose = true, bool activeLow = false)
    {
        _output = new GpioOutput(pin, controller, shouldDispose, activeLow, initialActive: false);
    }

    /// <summary>The pin this illuminator drives.</summary>
    public int Pin => _output.Pin;

    /// <inheritdoc/>
    public bool IsOn => _output.IsActive;

    /// <inheritdoc/>
    public void TurnOn() => _output.Set(true);

    /// <inheritdoc/>
    public void TurnOff() => _output.Set(false);

    /// <inheritdoc/>
    public void Dispose() => _output.Dispose();
}

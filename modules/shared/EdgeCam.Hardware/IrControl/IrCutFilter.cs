using System.Device.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// An IR-cut filter switched by one GPIO pin through a driver stage (the filter's coil draws far more than a pin's few
/// mA). The pin is "active" when the filter is engaged; boards that engage it with a low level pass
/// <c>activeLow: true</c> (typical DIY wiring: IR-CUT on GPIO 26, high = filter in). Starts engaged (day), the safe
/// default: colours stay right if night vision never runs. Filters that need a pulse on two pins (H-bridge, bistable)
/// are not supported.
/// </summary>
public sealed class IrCutFilter : IIrCutFilter
{
    private readonly GpioOutput _output;

    /// <summary>Opens <paramref name="pin"/> as an output and engages the filter.</summary>
    /// <param name="pin">The GPIO pin (the BCM GPIO number on a Pi: the line offset on its chip).</param>
    /// <param name="controller">The controller (null: a new <see cref="GpioController"/> for the board, owned by this filter).</param>
    /// <param name="shouldDispose">Dispose <paramref name="controller"/> with this filter (false when it is shared).</param>
    /// <param name="activeLow">True when a low level engages the filter.</param>
    public IrCutFilter(int pin, GpioController? controller = null, bool shouldDispose = true, bool activeLow = false)
    {
        _output = new GpioOutput(pin, controller, shouldDispose, activeLow, initialActive: true);
    }

    /// <summary>The pin this filter drives.</summary>
    public int Pin => _output.Pin;

    /// <inheritdoc/>
    public bool IsEngaged => _output.IsActive;

    /// <inheritdoc/>
    public void Engage() => _output.Set(true);

    /// <inheritdoc/>
    public void Remove() => _output.Set(false);

    /// <inheritdoc/>
    public void Dispose() => _output.Dispose();
}

using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// An IR-cut filter switched by one GPIO line through a driver stage (the filter's coil draws far more than a pin
/// gives). The line is "active" when the filter is engaged; boards that engage it with a low level are configured
/// active-low (typical DIY wiring: IR-CUT on GPIO 18, high = filter in). Starts engaged (day), the safe default: colours
/// stay right if night vision never runs. Filters that need a pulse on two pins (H-bridge, bistable) are not supported.
/// </summary>
public sealed class IrCutFilter : IIrCutFilter
{
    private readonly GpioOutput _output;

    /// <param name="driver">The chip's driver.</param>
    /// <param name="line">Line offset on the chip (the BCM GPIO number on a Pi).</param>
    /// <param name="activeLow">True when a low level engages the filter.</param>
    /// <param name="shouldDispose">Dispose <paramref name="driver"/> with this filter (false when it is shared).</param>
    public IrCutFilter(GpioDriver driver, int line, bool activeLow = false, bool shouldDispose = true)
    {
        _output = new GpioOutput(driver, line, activeLow, initialActive: true, shouldDispose);
    }

    public bool IsEngaged => _output.IsActive;

    public void Engage() => _output.Set(true);

    public void Remove() => _output.Set(false);

    public void Dispose() => _output.Dispose();
}

using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// IR LEDs switched by one GPIO line through a transistor or MOSFET (an LED board draws 0.3–2 A; a pin gives a few mA).
/// The line is "active" when the LEDs are lit. Starts off.
/// </summary>
public sealed class IrIlluminator : IIrIlluminator
{
    private readonly GpioOutput _output;

    /// <param name="driver">The chip's driver.</param>
    /// <param name="line">Line offset on the chip (the BCM GPIO number on a Pi).</param>
    /// <param name="activeLow">True when a low level lights the LEDs.</param>
    /// <param name="shouldDispose">Dispose <paramref name="driver"/> with this illuminator (false when it is shared).</param>
    public IrIlluminator(GpioDriver driver, int line, bool activeLow = false, bool shouldDispose = true)
    {
        _output = new GpioOutput(driver, line, activeLow, initialActive: false, shouldDispose);
    }

    public bool IsOn => _output.IsActive;

    public void TurnOn() => _output.Set(true);

    public void TurnOff() => _output.Set(false);

    public void Dispose() => _output.Dispose();
}

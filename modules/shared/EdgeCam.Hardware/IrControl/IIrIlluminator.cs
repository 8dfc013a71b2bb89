namespace EdgeCam.Hardware.IrControl;

/// <summary>The IR LEDs that light the scene at night.</summary>
public interface IIrIlluminator : IDisposable
{
    /// <summary>True while the LEDs are lit.</summary>
    bool IsOn { get; }

    void TurnOn();

    void TurnOff();
}

/// <summary>For a board without switchable IR LEDs (none, or a board that switches itself by photoresistor).</summary>
public sealed class NullIrIlluminator : IIrIlluminator
{
    public bool IsOn { get; private set; }

    public void TurnOn() => IsOn = true;

    public void TurnOff() => IsOn = false;

    public void Dispose()
    {
    }
}

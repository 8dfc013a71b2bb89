namespace EdgeCam.Hardware.IrControl;

/// <summary>The IR LEDs that light the scene at night.</summary>
public interface IIrIlluminator : IDisposable
{
    /// <summary>True while the LEDs are lit.</summary>
    bool IsOn { get; }

    /// <summary>Lights the LEDs.</summary>
    void TurnOn();

    /// <summary>Switches the LEDs off.</summary>
    void TurnOff();
}

/// <summary>For a board without switchable IR LEDs (none, or a board that switches itself by photoresistor).</summary>
public sealed class NullIrIlluminator : IIrIlluminator
{
    /// <inheritdoc/>
    public bool IsOn { get; private set; }

    /// <inheritdoc/>
    public void TurnOn() => IsOn = true;

    /// <inheritdoc/>
    public void TurnOff() => IsOn = false;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// The IR-cut filter in front of the sensor: engaged by day (true colours), removed at night so that the sensor sees
/// the IR illuminator's 850/940 nm light.
/// </summary>
public interface IIrCutFilter : IDisposable
{
    /// <summary>True when the filter is in front of the sensor (day).</summary>
    bool IsEngaged { get; }

    /// <summary>Moves the filter in front of the sensor (day).</summary>
    void Engage();

    /// <summary>Moves the filter out of the way (night).</summary>
    void Remove();
}

/// <summary>For a board without a switchable filter (a NoIR camera, or a filter switched by its own photoresistor).</summary>
public sealed class NullIrCutFilter : IIrCutFilter
{
    /// <inheritdoc/>
    public bool IsEngaged { get; private set; } = true;

    /// <inheritdoc/>
    public void Engage() => IsEngaged = true;

    /// <inheritdoc/>
    public void Remove() => IsEngaged = false;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

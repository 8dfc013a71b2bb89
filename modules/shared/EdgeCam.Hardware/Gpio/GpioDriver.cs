namespace EdgeCam.Hardware.Gpio;

/// <summary>
/// The GPIO seam: output lines of one GPIO chip, addressed by line offset. Values are logical: <c>true</c> means
/// "active", and a line opened active-low is driven low when active. <see cref="LibGpiodDriver"/> is the real one
/// (libgpiod v1); tests use a fake that records what was written. Shaped like dotnet/iot's <c>GpioDriver</c>, so the
/// official <c>System.Device.Gpio</c> can replace it behind this one class.
/// </summary>
public abstract class GpioDriver : IDisposable
{
    private bool _disposed;

    /// <summary>Requests <paramref name="line"/> as an output and drives it to <paramref name="initialActive"/>.</summary>
    /// <exception cref="GpioException">The line does not exist or is in use.</exception>
    public void OpenOutput(int line, bool activeLow, bool initialActive)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        OpenOutputCore(line, activeLow, initialActive);
    }

    /// <summary>Drives an open output line to the logical value <paramref name="active"/>.</summary>
    public void Write(int line, bool active)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteCore(line, active);
    }

    /// <summary>Releases a line opened with <see cref="OpenOutput"/> (it keeps its last value).</summary>
    public void Close(int line)
    {
        if (!_disposed)
        {
            CloseCore(line);
        }
    }

    /// <summary>Releases every line and the chip.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(disposing: true);
            GC.SuppressFinalize(this);
        }
    }

    protected abstract void OpenOutputCore(int line, bool activeLow, bool initialActive);

    protected abstract void WriteCore(int line, bool active);

    protected abstract void CloseCore(int line);

    protected virtual void Dispose(bool disposing)
    {
    }
}

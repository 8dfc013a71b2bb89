using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>One output line on a <see cref="GpioDriver"/>, with the dotnet/iot ownership rule: the driver is disposed
/// with the line only when <c>shouldDispose</c> is true (a driver shared by several lines is disposed by its owner).</summary>
internal sealed class GpioOutput : IDisposable
{
    private readonly GpioDriver _driver;
    private readonly bool _shouldDispose;
    private bool _disposed;

    public GpioOutput(GpioDriver driver, int line, bool activeLow, bool initialActive, bool shouldDispose)
    {
        ArgumentNullException.ThrowIfNull(driver);
        _driver = driver;
        _shouldDispose = shouldDispose;
        Line = line;
        driver.OpenOutput(line, activeLow, initialActive);
        IsActive = initialActive;
    }

    public int Line { get; }

    public bool IsActive { get; private set; }

    public void Set(bool active)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _driver.Write(Line, active);
        IsActive = active;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _driver.Close(Line);
        if (_shouldDispose)
        {
            _driver.Dispose();
        }
    }
}

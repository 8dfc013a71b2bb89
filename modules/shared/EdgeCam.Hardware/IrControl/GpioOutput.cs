using System.Device.Gpio;

namespace EdgeCam.Hardware.IrControl;

/// <summary>
/// One output pin on a <see cref="GpioController"/>, in logical terms ("active") with the polarity of the wiring applied
/// here (System.Device.Gpio has no active-low flag). Ownership follows dotnet/iot's Devices-conventions: a controller
/// passed in is disposed with the pin only when <c>shouldDispose</c> is true, otherwise just the pin is closed; without
/// a controller one is created (<see cref="GpioController()"/> picks the board's driver) and always disposed.
/// </summary>
internal sealed class GpioOutput : IDisposable
{
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly bool _activeLow;
    private bool _disposed;

    public GpioOutput(int pin, GpioController? controller, bool shouldDispose, bool activeLow, bool initialActive)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        _controller = controller ?? new GpioController();
        _shouldDispose = shouldDispose || controller is null;
        _activeLow = activeLow;
        Pin = pin;
        try
        {
            // Drive the initial level as the pin becomes an output, so the line never glitches to the other state.
            _controller.OpenPin(pin, PinMode.Output, Level(initialActive));
        }
        catch
        {
            if (controller is null)
            {
                _controller.Dispose();
            }

            throw;
        }

        IsActive = initialActive;
    }

    public int Pin { get; }

    public bool IsActive { get; private set; }

    public void Set(bool active)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _controller.Write(Pin, Level(active));
        IsActive = active;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_shouldDispose)
        {
            _controller.Dispose();
        }
        else if (_controller.IsPinOpen(Pin))
        {
            _controller.ClosePin(Pin);
        }
    }

    private PinValue Level(bool active) => active ^ _activeLow ? PinValue.High : PinValue.Low;
}

using System.Device.Gpio;

namespace EdgeCam.Testing.Hardware;

/// <summary>
/// A GPIO chip in memory at System.Device.Gpio's own seam: give it to <c>new GpioController(driver)</c>. Records every
/// level driven on an output (including the initial one when the pin is opened), so tests can assert the order in which
/// pins switched. Outputs only: events are not supported. Thread-safe.
/// </summary>
public sealed class FakeGpioDriver : GpioDriver
{
    private readonly Dictionary<int, (PinMode Mode, PinValue Value)> _pins = [];
    private readonly List<(int Pin, bool High)> _writes = [];
    private readonly Lock _gate = new();

    /// <summary>Pins that fail to open with an <see cref="IOException"/>, as a line the kernel refuses would (pins beyond <see cref="PinCount"/> fail too).</summary>
    public HashSet<int> MissingPins { get; } = [];

    /// <summary>
    /// Pins another consumer holds: they open, but requesting them (setting a mode) fails with an <see cref="IOException"/>,
    /// as libgpiod's request fails with EBUSY.
    /// </summary>
    public HashSet<int> BusyPins { get; } = [];

    /// <summary>Every level driven, in order: (pin, true for high).</summary>
    public IReadOnlyList<(int Pin, bool High)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>True once the driver was disposed (by its controller).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>54 pins, as the BCM2711 (Pi 4) has.</summary>
    protected override int PinCount => 54;

    /// <summary>Whether <paramref name="pin"/> is open.</summary>
    public bool IsOpen(int pin)
    {
        lock (_gate)
        {
            return _pins.ContainsKey(pin);
        }
    }

    /// <summary>The level of an open pin.</summary>
    public bool IsHigh(int pin)
    {
        lock (_gate)
        {
            return _pins[pin].Value == PinValue.High;
        }
    }

    /// <inheritdoc/>
    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            if (MissingPins.Contains(pinNumber) || pinNumber >= PinCount)
            {
                throw new IOException($"Fake GPIO chip cannot open line {pinNumber}.");
            }

            _pins[pinNumber] = (PinMode.Input, PinValue.Low);
        }
    }

    /// <inheritdoc/>
    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _pins.Remove(pinNumber);
        }
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            if (BusyPins.Contains(pinNumber))
            {
                throw new IOException($"Error setting pin mode, pin:{pinNumber}: Device or resource busy (fake GPIO chip).");
            }

            _pins[pinNumber] = (mode, Get(pinNumber).Value);
        }
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        SetPinMode(pinNumber, mode);
        Write(pinNumber, initialValue);
    }

    /// <inheritdoc/>
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return Get(pinNumber).Mode;
        }
    }

    /// <inheritdoc/>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode is PinMode.Input or PinMode.Output;

    /// <inheritdoc/>
    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return Get(pinNumber).Value;
        }
    }

    /// <inheritdoc/>
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            var (mode, _) = Get(pinNumber);
            if (mode != PinMode.Output)
            {
                throw new InvalidOperationException($"Fake GPIO pin {pinNumber} is not an output.");
            }

            _pins[pinNumber] = (mode, value);
            _writes.Add((pinNumber, value == PinValue.High));
        }
    }

    /// <inheritdoc/>
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The fake GPIO chip drives outputs only.");

    /// <inheritdoc/>
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The fake GPIO chip drives outputs only.");

    /// <inheritdoc/>
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The fake GPIO chip drives outputs only.");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private (PinMode Mode, PinValue Value) Get(int pinNumber) =>
        _pins.TryGetValue(pinNumber, out var state) ? state : throw new InvalidOperationException($"Fake GPIO pin {pinNumber} is not open.");
}

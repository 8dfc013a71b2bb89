using EdgeCam.Hardware.Gpio;

namespace EdgeCam.Testing.Hardware;

/// <summary>
/// A GPIO chip in memory: records every logical write per line (and the electrical level, after active-low), so tests
/// can assert the order in which lines switched. Thread-safe.
/// </summary>
public sealed class FakeGpioDriver : GpioDriver
{
    private readonly Dictionary<int, (bool ActiveLow, bool Active)> _lines = [];
    private readonly List<(int Line, bool Active)> _writes = [];
    private readonly Lock _gate = new();

    /// <summary>Lines that fail to open, to test a wrong wiring configuration.</summary>
    public HashSet<int> MissingLines { get; } = [];

    /// <summary>Every write (including the initial value at open), in order.</summary>
    public IReadOnlyList<(int Line, bool Active)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>True once <see cref="GpioDriver.Dispose()"/> ran.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Whether <paramref name="line"/> is open.</summary>
    public bool IsOpen(int line)
    {
        lock (_gate)
        {
            return _lines.ContainsKey(line);
        }
    }

    /// <summary>The logical value of an open line.</summary>
    public bool IsActive(int line)
    {
        lock (_gate)
        {
            return _lines[line].Active;
        }
    }

    /// <summary>The electrical level of an open line (inverted for active-low).</summary>
    public bool IsHigh(int line)
    {
        lock (_gate)
        {
            var (activeLow, active) = _lines[line];
            return active ^ activeLow;
        }
    }

    protected override void OpenOutputCore(int line, bool activeLow, bool initialActive)
    {
        lock (_gate)
        {
            if (MissingLines.Contains(line) || _lines.ContainsKey(line))
            {
                throw new GpioException($"Fake GPIO chip cannot open line {line}.");
            }

            _lines[line] = (activeLow, initialActive);
            _writes.Add((line, initialActive));
        }
    }

    protected override void WriteCore(int line, bool active)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(line, out var state))
            {
                throw new GpioException($"Fake GPIO line {line} is not open.");
            }

            _lines[line] = (state.ActiveLow, active);
            _writes.Add((line, active));
        }
    }

    protected override void CloseCore(int line)
    {
        lock (_gate)
        {
            _lines.Remove(line);
        }
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}

namespace EdgeCam.EventRouter.Rules;

/// <summary>
/// The house mode in force and who set it. Two writers: the twin (<c>rules.mode</c>) and commands (the <c>setMode</c>
/// direct method, MQTT). The latest change wins: a command switches the mode until the twin's <c>rules.mode</c> next
/// changes; the twin re-sending the same value (every reconnect delivers the whole desired document) changes nothing.
/// A mode set by a command lasts until a restart, when the twin's value applies again (reported as <c>modeSource</c>).
/// Thread-safe.
/// </summary>
public sealed class HouseMode
{
    /// <summary>Source of a mode set from the twin.</summary>
    public const string TwinSource = "twin";

    private readonly Lock _gate = new();
    private HouseModeKind? _lastDesired;
    private HouseModeKind _mode;
    private string _source = TwinSource;

    /// <summary>The mode in force.</summary>
    public HouseModeKind Current
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
    }

    /// <summary>The mode in force and who set it (<c>twin</c>, <c>method</c>, <c>mqtt</c>).</summary>
    public (HouseModeKind Mode, string Source) State
    {
        get
        {
            lock (_gate)
            {
                return (_mode, _source);
            }
        }
    }

    /// <summary>Applies the twin's <c>rules.mode</c> when it differs from the twin's last value. True when the mode in force changed.</summary>
    public bool ApplyDesired(HouseModeKind desired)
    {
        lock (_gate)
        {
            if (_lastDesired == desired)
            {
                return false;
            }

            _lastDesired = desired;
            return Switch(desired, TwinSource);
        }
    }

    /// <summary>Sets the mode from a command. True when the mode in force changed.</summary>
    public bool Set(HouseModeKind mode, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        lock (_gate)
        {
            return Switch(mode, source);
        }
    }

    private bool Switch(HouseModeKind mode, string source)
    {
        var changed = mode != _mode || source != _source;
        _mode = mode;
        _source = source;
        return changed;
    }
}

using EdgeCam.Contracts.NightVision;

namespace EdgeCam.CameraCapture.NightVision;

/// <summary>One measurement: the light sensor's lux (null without a sensor or after a failed read) and the mean luma of the latest analysis frame.</summary>
public readonly record struct LightSample(double? Lux, double? Brightness);

/// <summary>A switch the policy decided.</summary>
public sealed record NightVisionDecision(NightVisionMode Mode, DateTimeOffset Since, string Source, double? Lux, double? Brightness);

/// <summary>
/// Decides day or night; pure (no hardware), time from a <see cref="TimeProvider"/>. Starts in day.
/// <list type="bullet">
/// <item>Forced modes and the sunrise/sunset schedule switch at once.</item>
/// <item>Auto: the sensor when it reads, otherwise frame brightness. Two thresholds (night below the low one, day above
/// the high one) and a dwell: the condition must hold that long without a break (rides out headlights).</item>
/// <item>After a switch, no decision for the settle time (filter moving, exposure adapting).</item>
/// <item>IR feedback: at night the LEDs light the scene, so frame brightness overstates the ambient light. The jump in
/// brightness across the switch to night (measured once the settle time is over) is remembered and subtracted; day
/// needs the remaining ambient estimate above the day threshold.</item>
/// <item>Flapping: a switch that undoes the previous one within the flap window doubles the dwell (up to 64×); a calm
/// period resets it.</item>
/// </list>
/// </summary>
public sealed class NightVisionPolicy
{
    private const int MaxBackoffLevel = 6;
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset? _conditionSince;
    private DateTimeOffset? _lastSwitch;
    private double? _brightnessAtSwitch;
    private bool _measureLift;

    public NightVisionPolicy(NightVisionSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Settings = settings;
        _timeProvider = timeProvider;
        Since = timeProvider.GetUtcNow();
    }

    public NightVisionSettings Settings { get; private set; }

    public NightVisionMode Mode { get; private set; } = NightVisionMode.Day;

    public DateTimeOffset Since { get; private set; }

    /// <summary>Brightness the IR LEDs add at night (0 until measured, or with a sensor).</summary>
    public double IrLift { get; private set; }

    /// <summary>How many times the dwell is currently doubled because of flapping.</summary>
    public int BackoffLevel { get; private set; }

    /// <summary>The dwell in force: <see cref="NightVisionSettings.Dwell"/> × 2^<see cref="BackoffLevel"/>.</summary>
    public TimeSpan EffectiveDwell => Settings.Dwell * (1 << BackoffLevel);

    /// <summary>Applies new thresholds or mode at once (a pending dwell restarts).</summary>
    public void Update(NightVisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _conditionSince = null;
    }

    /// <summary>Feeds one sample; returns the switch to make, or null.</summary>
    public NightVisionDecision? Evaluate(LightSample sample)
    {
        var now = _timeProvider.GetUtcNow();
        switch (Settings.Mode)
        {
            case NightVisionControl.Day:
                return SwitchIfNeeded(NightVisionMode.Day, now, "forced", sample);
            case NightVisionControl.Night:
                return SwitchIfNeeded(NightVisionMode.Night, now, "forced", sample);
            case NightVisionControl.Schedule when Settings.Latitude is { } latitude && Settings.Longitude is { } longitude:
                var target = SunTimes.IsNight(now, latitude, longitude) ? NightVisionMode.Night : NightVisionMode.Day;
                return SwitchIfNeeded(target, now, "schedule", sample);
        }

        if (_lastSwitch is { } last && now - last < Settings.Settle)
        {
            return null;
        }

        if (_measureLift && sample.Brightness is { } settled && _brightnessAtSwitch is { } before)
        {
            IrLift = Math.Max(0, settled - before);
            _measureLift = false;
        }

        var (value, source, nightBelow, dayAbove) = sample switch
        {
            { Lux: { } lux } => (lux, "sensor", Settings.NightLux, Settings.DayLux),
            { Brightness: { } brightness } => (Mode == NightVisionMode.Night ? brightness - IrLift : brightness, "brightness", Settings.NightBrightness, Settings.DayBrightness),
            _ => (double.NaN, string.Empty, 0d, 0d),
        };
        if (double.IsNaN(value))
        {
            return null;
        }

        var wants = Mode == NightVisionMode.Day ? value < nightBelow : value > dayAbove;
        if (!wants)
        {
            _conditionSince = null;
            return null;
        }

        _conditionSince ??= now;
        if (now - _conditionSince.Value < EffectiveDwell)
        {
            return null;
        }

        var next = Mode == NightVisionMode.Day ? NightVisionMode.Night : NightVisionMode.Day;
        return Switch(next, now, source, sample);
    }

    private NightVisionDecision? SwitchIfNeeded(NightVisionMode target, DateTimeOffset now, string source, LightSample sample) =>
        target == Mode ? null : Switch(target, now, source, sample);

    private NightVisionDecision Switch(NightVisionMode next, DateTimeOffset now, string source, LightSample sample)
    {
        // Flapping: the previous mode lasted less than the window, so this switch undoes a recent one.
        BackoffLevel = _lastSwitch is not null && now - Since < Settings.FlapWindow
            ? Math.Min(MaxBackoffLevel, BackoffLevel + 1)
            : 0;
        Mode = next;
        Since = now;
        _lastSwitch = now;
        _conditionSince = null;
        _brightnessAtSwitch = sample.Brightness;
        _measureLift = next == NightVisionMode.Night && sample.Lux is null;
        if (next == NightVisionMode.Day)
        {
            IrLift = 0;
        }

        return new NightVisionDecision(next, now, source, sample.Lux, sample.Brightness);
    }
}

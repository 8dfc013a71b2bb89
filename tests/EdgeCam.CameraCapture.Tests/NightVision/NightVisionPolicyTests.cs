using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.NightVision;

public sealed class NightVisionPolicyTests
{
    private static readonly NightVisionSettings Defaults = new(); // lux 3/10, brightness 35/70, dwell 10 s, settle 5 s, flap window 5 min

    [Fact]
    public void Evaluate_SensorDarkForDwell_SwitchesToNightOnce()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);

        var decisions = Feed(policy, time, 12, new LightSample(1.5, null));

        var decision = Assert.Single(decisions);
        Assert.Equal((NightVisionMode.Night, "sensor", 1.5), (decision.Mode, decision.Source, decision.Lux!.Value));
        Assert.Equal(NightVisionMode.Night, policy.Mode);
    }

    [Fact]
    public void Evaluate_HeadlightsShorterThanDwell_StaysAtNight()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);
        Feed(policy, time, 12, new LightSample(1, null));

        var headlights = Feed(policy, time, 8, new LightSample(500, null));
        var dark = Feed(policy, time, 8, new LightSample(1, null));

        Assert.Empty(headlights);
        Assert.Empty(dark);
        Assert.Equal(NightVisionMode.Night, policy.Mode);
    }

    [Fact]
    public void Evaluate_LuxBetweenThresholds_NoSwitchEitherWay()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);

        var decisions = Feed(policy, time, 60, new LightSample(5, null));

        Assert.Empty(decisions);
    }

    [Fact]
    public void Evaluate_IrLedsBrightenTheFrame_DoesNotFlipBackToDay()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);
        Feed(policy, time, 12, new LightSample(null, 20));

        // The LEDs lift the picture from 20 to 95, above the day threshold (70): without compensation this flips.
        var lit = Feed(policy, time, 120, new LightSample(null, 95));

        Assert.Empty(lit);
        Assert.Equal(75, policy.IrLift);
        Assert.Equal(NightVisionMode.Night, policy.Mode);
    }

    [Fact]
    public void Evaluate_DawnAboveIrLiftPlusDayThreshold_SwitchesToDay()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);
        Feed(policy, time, 12, new LightSample(null, 20));
        Feed(policy, time, 10, new LightSample(null, 60));

        var dawn = Feed(policy, time, 12, new LightSample(null, 40 + 75));

        Assert.Equal(NightVisionMode.Day, Assert.Single(dawn).Mode);
        Assert.Equal(0, policy.IrLift);
    }

    [Fact]
    public void Evaluate_RepeatedFlipsWithinWindow_DoublesDwell()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults, time);
        Feed(policy, time, 12, new LightSample(1, null));
        Feed(policy, time, 20, new LightSample(50, null));

        var dwellAfterFlip = policy.EffectiveDwell;
        var tooSoon = Feed(policy, time, 15, new LightSample(1, null));
        var later = Feed(policy, time, 10, new LightSample(1, null));

        Assert.Equal(TimeSpan.FromSeconds(20), dwellAfterFlip);
        Assert.Empty(tooSoon);
        Assert.Equal(NightVisionMode.Night, Assert.Single(later).Mode);
        Assert.Equal(2, policy.BackoffLevel);
    }

    [Fact]
    public void Evaluate_ForcedNight_SwitchesAtOnceWithoutSamples()
    {
        var time = new ManualTimeProvider();
        var policy = new NightVisionPolicy(Defaults with { Mode = NightVisionControl.Night }, time);

        var decision = policy.Evaluate(default);

        Assert.Equal((NightVisionMode.Night, "forced"), (decision!.Mode, decision.Source));
    }

    [Fact]
    public void Evaluate_ScheduleAtLondonMidnight_Night()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 6, 21, 0, 30, 0, TimeSpan.Zero));
        var policy = new NightVisionPolicy(Defaults with { Mode = NightVisionControl.Schedule, Latitude = 51.5, Longitude = -0.13 }, time);

        var decision = policy.Evaluate(new LightSample(10_000, 200));

        Assert.Equal((NightVisionMode.Night, "schedule"), (decision!.Mode, decision.Source));
    }

    private static List<NightVisionDecision> Feed(NightVisionPolicy policy, ManualTimeProvider time, int seconds, LightSample sample)
    {
        var decisions = new List<NightVisionDecision>();
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            if (policy.Evaluate(sample) is { } decision)
            {
                decisions.Add(decision);
            }
        }

        return decisions;
    }
}

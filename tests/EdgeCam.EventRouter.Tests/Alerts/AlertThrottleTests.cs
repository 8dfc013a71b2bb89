using EdgeCam.EventRouter.Alerts;
using EdgeCam.Testing;

namespace EdgeCam.EventRouter.Tests.Alerts;

public sealed class AlertThrottleTests
{
    [Fact]
    public void TryAdmit_SameAlertTwice_SecondIsDuplicate()
    {
        var throttle = new AlertThrottle(new ManualTimeProvider());

        var first = throttle.TryAdmit("cam1", "cam1:e1:motion", maxAlertsPerMinute: 10);
        var second = throttle.TryAdmit("cam1", "cam1:e1:motion", maxAlertsPerMinute: 10);

        Assert.Equal(ThrottleDecision.Admitted, first);
        Assert.Equal(ThrottleDecision.Duplicate, second);
    }

    [Fact]
    public void TryAdmit_MoreThanLimitWithinAMinute_RateLimitsUntilWindowPasses()
    {
        var time = new ManualTimeProvider();
        var throttle = new AlertThrottle(time);

        var admitted = Enumerable.Range(0, 3).Select(i => throttle.TryAdmit("cam1", $"e{i}", maxAlertsPerMinute: 3)).ToList();
        var fourth = throttle.TryAdmit("cam1", "e3", maxAlertsPerMinute: 3);
        time.Advance(TimeSpan.FromSeconds(61));
        var afterWindow = throttle.TryAdmit("cam1", "e4", maxAlertsPerMinute: 3);

        Assert.All(admitted, d => Assert.Equal(ThrottleDecision.Admitted, d));
        Assert.Equal(ThrottleDecision.RateLimited, fourth);
        Assert.Equal(ThrottleDecision.Admitted, afterWindow);
    }

    [Fact]
    public void TryAdmit_LimitReachedOnOneCamera_OtherCameraStillAlerts()
    {
        var throttle = new AlertThrottle(new ManualTimeProvider());
        throttle.TryAdmit("cam1", "a", maxAlertsPerMinute: 1);

        var otherCamera = throttle.TryAdmit("cam2", "b", maxAlertsPerMinute: 1);

        Assert.Equal(ThrottleDecision.Admitted, otherCamera);
    }

    [Fact]
    public void TryAdmit_RateLimitedAlert_IsNotRememberedAsSent()
    {
        var time = new ManualTimeProvider();
        var throttle = new AlertThrottle(time);
        throttle.TryAdmit("cam1", "a", maxAlertsPerMinute: 1);
        throttle.TryAdmit("cam1", "b", maxAlertsPerMinute: 1);
        time.Advance(TimeSpan.FromMinutes(2));

        var retried = throttle.TryAdmit("cam1", "b", maxAlertsPerMinute: 1);

        Assert.Equal(ThrottleDecision.Admitted, retried);
    }
}

using EdgeCam.SegmentRecorder.Retention;

namespace EdgeCam.SegmentRecorder.Tests.Retention;

public sealed class EventProtectionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ExpireOpen_StaleOpenEvent_DropsItAndNamesItToTheCallback()
    {
        var expired = new List<string>();
        var protections = new EventProtections(expired.Add);
        protections.Protect("evt-stale", ProtectedWindow.ForOpenEvent("cam1", T0));
        protections.Protect("evt-fresh", ProtectedWindow.ForOpenEvent("cam1", T0.AddMinutes(30)));
        protections.Protect("evt-ended", new ProtectedWindow("cam1", T0, T0.AddSeconds(10), IsOpenEvent: false));

        var count = protections.ExpireOpen(T0 + EventProtections.LongestEvent + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));

        Assert.Equal(1, count);
        Assert.Equal(["evt-stale"], expired);
        Assert.Equal(2, protections.Snapshot().Count);
    }
}

using EdgeCam.Onvif.Device;
using EdgeCam.Onvif.Soap;

namespace EdgeCam.Onvif.Tests.Device;

public sealed class DeviceClockTests
{
    [Fact]
    public void GetUtcNow_CameraTwoHoursAhead_IsTheLocalTimePlusTwoHours()
    {
        var local = TimeProvider.System;
        var clock = new DeviceClock(local, TimeSpan.FromHours(2));

        var difference = clock.GetUtcNow() - local.GetUtcNow();

        Assert.InRange(difference, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void UsernameTokenCreate_OnADeviceClock_IsDatedOnTheCamerasClock()
    {
        var clock = new DeviceClock(TimeProvider.System, TimeSpan.FromDays(-3));

        var token = UsernameToken.Create("admin", "pw", clock);

        var created = DateTimeOffset.Parse(token.Created, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - created, TimeSpan.FromDays(3) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(3) + TimeSpan.FromSeconds(5));
    }
}

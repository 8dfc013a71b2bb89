using EdgeCam.CameraCapture.NightVision;

namespace EdgeCam.CameraCapture.Tests.NightVision;

public sealed class SunTimesTests
{
    [Fact]
    public void For_LondonSummerSolstice_MatchesPublishedTimesWithinTwoMinutes()
    {
        // Published: sunrise 04:43 BST, sunset 21:21 BST on 21 June 2024 (UTC+1).
        var times = SunTimes.For(new DateOnly(2024, 6, 21), 51.5074, -0.1278);

        Assert.InRange(times.Sunrise!.Value, Utc(2024, 6, 21, 3, 41), Utc(2024, 6, 21, 3, 45));
        Assert.InRange(times.Sunset!.Value, Utc(2024, 6, 21, 20, 19), Utc(2024, 6, 21, 20, 23));
    }

    [Fact]
    public void For_TromsoMidwinter_PolarNight()
    {
        var times = SunTimes.For(new DateOnly(2024, 12, 21), 69.65, 18.96);

        Assert.Null(times.Sunrise);
        Assert.False(times.AlwaysUp);
        Assert.True(SunTimes.IsNight(Utc(2024, 12, 21, 11, 0), 69.65, 18.96));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(12, false)]
    [InlineData(21, true)]
    public void IsNight_LondonSolsticeHours_DarkOnlyOutsideDaylight(int utcHour, bool expected)
    {
        Assert.Equal(expected, SunTimes.IsNight(Utc(2024, 6, 21, utcHour, 0), 51.5074, -0.1278));
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);
}

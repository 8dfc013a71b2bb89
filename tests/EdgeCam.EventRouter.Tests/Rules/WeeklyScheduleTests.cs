using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Rules;

public sealed class WeeklyScheduleTests
{
    // 2026-11-27 is a Friday.
    [Theory]
    [InlineData("2026-11-27T21:59", false)]
    [InlineData("2026-11-27T22:00", true)]
    [InlineData("2026-11-28T00:00", true)] // Friday's window runs past midnight into Saturday
    [InlineData("2026-11-28T06:29", true)]
    [InlineData("2026-11-28T06:30", false)]
    [InlineData("2026-11-28T22:30", false)] // Saturday has no window
    [InlineData("2026-11-30T03:00", false)] // Sunday night has none either, so Monday morning is not covered
    [InlineData("2026-11-30T22:30", true)]
    public void IsActive_WeekdayNightsAcrossMidnight_CoversEachNightIntoTheNextMorning(string local, bool active)
    {
        var schedule = Parse("mon-fri 22:00-06:30");

        Assert.Equal(active, schedule.IsActive(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("sat,sun 00:00-24:00", "2026-11-29T23:59", true)]
    [InlineData("sat,sun 00:00-24:00", "2026-11-30T00:00", false)]
    [InlineData("fri-mon 12:00-13:00", "2026-11-30T12:30", true)] // a range across the week's end
    [InlineData("fri-mon 12:00-13:00", "2026-12-01T12:30", false)]
    [InlineData("daily 08:00-09:00", "2026-12-02T08:00", true)]
    [InlineData("wed 08:00-09:00", "2026-12-02T09:00", false)]
    public void IsActive_DayForms_MatchTheirDays(string window, string local, bool active)
    {
        Assert.Equal(active, Parse(window).IsActive(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("mon-fri", "must be '<days> HH:mm-HH:mm'")]
    [InlineData("weekdays 22:00-06:00", "has days 'weekdays'")]
    [InlineData("mon 22:00", "has times '22:00'")]
    [InlineData("mon 25:00-26:00", "has times")]
    [InlineData("mon 7:00-8:00", "has times")]
    [InlineData("mon 08:00-08:00", "is empty")]
    public void Parse_InvalidWindow_NamesTheWindowAndTheProblem(string window, string problem)
    {
        var (schedule, error) = WeeklySchedule.Parse(["daily 01:00-02:00", window]);

        Assert.Null(schedule);
        Assert.StartsWith($"window '{window}' ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    private static WeeklySchedule Parse(string window)
    {
        var (schedule, problem) = WeeklySchedule.Parse([window]);
        Assert.True(schedule is not null, problem);
        return schedule;
    }
}

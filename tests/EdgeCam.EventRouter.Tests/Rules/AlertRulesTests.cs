using System.Text.Json.Nodes;
using EdgeCam.Contracts.Motion;
using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Rules;

public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("home", null)]
    [InlineData("away", "camera disarmed (away mode: disarmed)")]
    public void WhyNot_ArmingPerMode_AlertsOnlyWhereArmed(string mode, string? expected)
    {
        var settings = Settings("""{"rules":{"cameras":{"cam1":{"home":"armed","away":"disarmed"}}}}""");

        var reason = AlertRules.WhyNot(Motion(), settings.AlertsEnabled, settings.MinScore, settings.Rules, Enum.Parse<HouseModeKind>(mode, true), Noon);

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void WhyNot_CameraWithoutRules_Alerts()
    {
        var settings = Settings("""{"rules":{"mode":"away","cameras":{"other":{"away":"disarmed"}}}}""");

        Assert.Null(AlertRules.WhyNot(Motion(), true, 0, settings.Rules, HouseModeKind.Away, Noon));
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "street" }, "motion only in record-only zones (street)")]
    [InlineData(new[] { "street", "door" }, null)]
    [InlineData(new[] { "door" }, null)]
    public void WhyNot_RecordOnlyZones_AlertOnlyWhenMotionTouchesAnotherZoneOrNone(string[] zones, string? expected)
    {
        var settings = Settings("""{"rules":{"cameras":{"cam1":{"recordOnlyZones":["street"]}}}}""");

        var reason = AlertRules.WhyNot(Motion() with { Zones = zones }, true, 0, settings.Rules, HouseModeKind.Home, Noon);

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void WhyNot_ScoreBelowMinScore_NamesBoth()
    {
        var reason = AlertRules.WhyNot(Motion(score: 0.004), true, 0.01, RulesSettings.Default, HouseModeKind.Home, Noon);

        Assert.Equal("score 0.004 below minScore 0.01", reason);
    }

    // Europe/Berlin springs forward on 2026-03-29 at 01:00 UTC (02:00 CET becomes 03:00 CEST): a window to 03:30 local
    // closes 30 min of real time after the change, at the local time written.
    [Theory]
    [InlineData("2026-03-29T00:30:00Z", true)] // 01:30 CET
    [InlineData("2026-03-29T01:15:00Z", true)] // 03:15 CEST
    [InlineData("2026-03-29T01:30:00Z", false)] // 03:30 CEST
    public void IsArmed_ScheduleAcrossSpringForward_FollowsLocalWallClock(string utc, bool armed)
    {
        var rules = Settings("""{"rules":{"timeZone":"Europe/Berlin","cameras":{"cam1":{"home":"schedule","schedule":["sun 01:00-03:30"]}}}}""").Rules;

        Assert.Equal(armed, AlertRules.IsArmed(rules.For("cam1"), HouseModeKind.Home, rules.TimeZone, DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // Europe/Berlin falls back on 2026-10-25 at 01:00 UTC (03:00 CEST becomes 02:00 CET): 02:00-03:00 local happens twice.
    [Theory]
    [InlineData("2026-10-25T00:29:00Z", false)] // 02:29 CEST
    [InlineData("2026-10-25T00:45:00Z", true)] // 02:45 CEST
    [InlineData("2026-10-25T01:10:00Z", false)] // 02:10 CET, the second time
    [InlineData("2026-10-25T01:30:00Z", true)] // 02:30 CET
    [InlineData("2026-10-25T03:00:00Z", false)] // 04:00 CET
    public void IsArmed_ScheduleAcrossFallBack_FollowsLocalWallClock(string utc, bool armed)
    {
        var rules = Settings("""{"rules":{"timeZone":"Europe/Berlin","cameras":{"cam1":{"home":"schedule","schedule":["sun 02:30-04:00"]}}}}""").Rules;

        Assert.Equal(armed, AlertRules.IsArmed(rules.For("cam1"), HouseModeKind.Home, rules.TimeZone, DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static MotionStarted Motion(double score = 0.2) => new("cam1", "evt-1", Noon, score, []);

    private static EventRouterSettings Settings(string json) => EventRouterSettings.Parse(JsonNode.Parse(json)!.AsObject());
}

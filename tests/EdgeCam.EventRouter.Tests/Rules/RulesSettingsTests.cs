using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Rules;

public sealed class RulesSettingsTests
{
    [Fact]
    public void Read_FullSection_GivesModeZoneAndCameraRules()
    {
        var rules = Parse("""{"mode":"away","timeZone":"Europe/Berlin","cameras":{"cam1":{"home":"schedule","away":"armed","schedule":["mon-fri 22:00-06:30"],"recordOnlyZones":["street"]}}}""");

        Assert.Equal((HouseModeKind.Away, "Europe/Berlin"), (rules.Mode, rules.TimeZone.Id));
        var cam1 = rules.For("cam1");
        Assert.Equal((Arming.Schedule, Arming.Armed, 1, "street"), (cam1.Home, cam1.Away, cam1.Schedule.Count, cam1.RecordOnlyZones.Single()));
        Assert.Same(CameraRules.Default, rules.For("other"));
    }

    [Theory]
    [InlineData("""{"timeZone":"Mars/Olympus"}""", "rules.timeZone 'Mars/Olympus' is not a time zone id")]
    [InlineData("""{"mode":"vacation"}""", "rules.mode must be one of Home, Away")]
    [InlineData("""{"cameras":{"cam1":{"home":"sometimes"}}}""", "rules.cameras.cam1.home must be one of Armed, Disarmed, Schedule")]
    [InlineData("""{"cameras":{"cam1":{"schedule":["mon 22:00"]}}}""", "rules.cameras.cam1.schedule window 'mon 22:00' has times")]
    [InlineData("""{"cameras":{"cam1":{"away":"schedule"}}}""", "rules.cameras.cam1.schedule is empty, but the camera is armed on its schedule")]
    [InlineData("""{"cameras":{"cam1":{"recordOnlyZone":["street"]}}}""", "rules.cameras.cam1.recordOnlyZone is not a known setting")]
    [InlineData("""{"cameras":{"cam1":{"recordCameras":"garage"}}}""", "rules.cameras.cam1.recordCameras must be a list of non-empty strings")]
    [InlineData("""{"cameras":{"cam1":{"recordCameras":["cam1"]}}}""", "rules.cameras.cam1.recordCameras names the camera itself")]
    [InlineData("""{"cameras":{"cam1":{"recordSeconds":0}}}""", "rules.cameras.cam1.recordSeconds")]
    [InlineData("""{"cameras":{"cam1":true}}""", "rules.cameras.cam1 must be an object of rules")]
    public void Parse_InvalidRules_ErrorNamesThePath(string section, string expected)
    {
        var ex = Assert.Throws<SettingsValidationException>(() => EventRouterSettings.Parse(new JsonObject { ["rules"] = JsonNode.Parse(section) }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static RulesSettings Parse(string section) => EventRouterSettings.Parse(new JsonObject { ["rules"] = JsonNode.Parse(section) }).Rules;
}

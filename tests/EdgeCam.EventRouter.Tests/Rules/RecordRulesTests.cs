using System.Text.Json.Nodes;
using EdgeCam.Contracts.Motion;
using EdgeCam.EventRouter.Rules;

namespace EdgeCam.EventRouter.Tests.Rules;

public sealed class RecordRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_MotionOnACameraWithRecordCameras_TriggersEachAtTheMotionStart()
    {
        var rules = Rules("""{"cam1":{"recordCameras":["garage","porch"],"recordSeconds":20}}""");

        var triggers = RecordRules.For(new MotionStarted("cam1", "evt-5", T0, 0.2, []), rules);

        Assert.Equal(["garage", "porch"], triggers.Select(t => t.CameraId));
        Assert.All(triggers, t => Assert.Equal((T0, 20.0, "rule", "motion on cam1", (double?)null), (t.Time, t.DurationSeconds, t.Source, t.Reason, t.PreRollSeconds)));
        Assert.Equal("rule-evt-5-garage", triggers[0].TriggerId);
        Assert.All(triggers, t => Assert.Null(t.Problem()));
    }

    [Theory]
    [InlineData(new[] { "driveway" }, 1)]
    [InlineData(new[] { "lawn" }, 0)]
    [InlineData(new string[0], 0)]
    public void For_RecordZones_FireOnlyForMotionInThem(string[] zones, int expected)
    {
        var rules = Rules("""{"cam1":{"recordCameras":["garage"],"recordZones":["driveway"]}}""");

        var triggers = RecordRules.For(new MotionStarted("cam1", "evt-6", T0, 0.2, []) { Zones = zones }, rules);

        Assert.Equal(expected, triggers.Count);
    }

    [Fact]
    public void For_EventIdTooLongForATriggerId_UsesAStableDigest()
    {
        var rules = Rules("""{"cam1":{"recordCameras":["garage"]}}""");
        var started = new MotionStarted("cam1", new string('e', 120), T0, 0.2, []);

        var first = Assert.Single(RecordRules.For(started, rules));
        var again = Assert.Single(RecordRules.For(started, rules));

        Assert.Null(first.Problem());
        Assert.Equal(first.TriggerId, again.TriggerId);
        Assert.StartsWith("rule-", first.TriggerId, StringComparison.Ordinal);
    }

    [Fact]
    public void For_CameraWithoutRules_TriggersNothing()
    {
        Assert.Empty(RecordRules.For(new MotionStarted("cam9", "evt-7", T0, 0.2, []), Rules("""{"cam1":{"recordCameras":["garage"]}}""")));
    }

    private static RulesSettings Rules(string cameras) =>
        EventRouterSettings.Parse(new JsonObject { ["rules"] = new JsonObject { ["cameras"] = JsonNode.Parse(cameras) } }).Rules;
}

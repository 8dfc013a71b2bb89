using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Tests.Motion;

[Trait("Category", "Unit")]
public sealed class MotionSettingsTests
{
    [Fact]
    public void Read_MasksAndZones_ParsedInNormalisedCoordinates()
    {
        var settings = Read("""
            { "masks": { "tree": "0,0 0.3,0 0.3,0.2" },
              "zones": { "driveway": "0.1,0.5 0.9,0.5 0.9,1 0.1,1", "door": "0.8,0 1,0 1,0.4" },
              "wholeFrameShare": 0.6, "relearnFrames": 8, "improveContrast": false }
            """);

        var mask = Assert.Single(settings.Detector.Masks);
        Assert.Equal(new NormalisedPoint(0.3, 0.2), mask.Points[2]);
        Assert.Equal(["driveway", "door"], settings.Detector.Zones.Select(z => z.Name));
        Assert.Equal(["driveway", "door"], settings.Events.ZoneNames);
        Assert.Equal((0.6, 8, false), (settings.Detector.WholeFrameShare, settings.Detector.RelearnFrames, settings.Detector.ImproveContrast));
    }

    [Fact]
    public void Read_FollowGlobalLightFalse_DetectorDoesNotFollow()
    {
        Assert.True(Read("{}").Detector.FollowGlobalLight);
        Assert.False(Read("""{ "followGlobalLight": false }""").Detector.FollowGlobalLight);
    }

    [Fact]
    public void Read_MaskSetToNull_RemovedLikeATwinPatch()
    {
        var settings = Read("""{ "masks": { "tree": null } }""");

        Assert.Empty(settings.Detector.Masks);
    }

    [Theory]
    [InlineData("""{ "masks": { "tree": "0,0 0.3,0" } }""", "motion.masks.tree")]
    [InlineData("""{ "masks": { "tree": "0,0 1.3,0 0,1" } }""", "motion.masks.tree")]
    [InlineData("""{ "zones": { "door": "a,b c,d e,f" } }""", "motion.zones.door")]
    [InlineData("""{ "zones": { "door": 5 } }""", "motion.zones.door")]
    [InlineData("""{ "masks": [ "0,0 1,0 1,1" ] }""", "motion.masks")]
    [InlineData("""{ "wholeFrameShare": 0 }""", "motion.wholeFrameShare")]
    [InlineData("""{ "followGlobalLight": 3 }""", "motion.followGlobalLight")]
    public void Read_InvalidPolygonOrValue_OneErrorNamingTheProperty(string json, string path)
    {
        var reader = new SettingsReader(JsonNode.Parse($$"""{ "motion": {{json}} }""")!.AsObject());

        MotionSettings.Read(reader.GetSection("motion"));

        var error = Assert.Single(reader.Errors);
        Assert.Equal(path, error.Path);
    }

    private static MotionSettings Read(string json)
    {
        var reader = new SettingsReader(JsonNode.Parse(json)!.AsObject());
        var settings = MotionSettings.Read(reader);
        reader.ThrowIfInvalid();
        return settings;
    }
}

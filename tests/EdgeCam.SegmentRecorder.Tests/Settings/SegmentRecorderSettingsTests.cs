using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.SegmentRecorder.Settings;
using EdgeCam.Testing.Hub;

namespace EdgeCam.SegmentRecorder.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class SegmentRecorderSettingsTests
{
    [Fact]
    public void Parse_EmptyDesired_GivesDefaults()
    {
        var settings = SegmentRecorderSettings.Parse([]);

        Assert.Equal(SegmentRecorderSettings.Default, settings);
        Assert.Equal(5, settings.PreRollSeconds);
        Assert.Equal(5, settings.PostRollSeconds);
        Assert.Equal(120, settings.MaxClipSeconds);
        Assert.Equal(72, settings.ClipRetentionHours);
    }

    [Fact]
    public void Parse_AllProperties_ReadsThem()
    {
        var desired = JsonNode.Parse("""{"$version":3,"preRollSeconds":8,"postRollSeconds":10,"maxClipSeconds":60,"retentionMaxBytes":1073741824,"retentionMaxAgeHours":12.5,"clipTimeoutSeconds":45,"clipRetentionHours":48,"minFreeBytes":536870912,"minFreePercent":2.5}""")!.AsObject();

        var settings = SegmentRecorderSettings.Parse(desired);

        Assert.Equal(new SegmentRecorderSettings { PreRollSeconds = 8, PostRollSeconds = 10, MaxClipSeconds = 60, RetentionMaxBytes = 1L << 30, RetentionMaxAgeHours = 12.5, ClipTimeoutSeconds = 45, ClipRetentionHours = 48, MinFreeBytes = 1L << 29, MinFreePercent = 2.5 }, settings);
    }

    [Fact]
    public void Parse_IntegersBuiltInCode_ReadsThem()
    {
        var desired = new JsonObject { ["preRollSeconds"] = 3, ["retentionMaxBytes"] = 1L << 30 };

        var settings = SegmentRecorderSettings.Parse(desired);

        Assert.Equal(3, settings.PreRollSeconds);
        Assert.Equal(1L << 30, settings.RetentionMaxBytes);
    }

    [Theory]
    [InlineData("""{"preRollSeconds":-1}""", "preRollSeconds")]
    [InlineData("""{"minFreePercent":80}""", "minFreePercent")]
    [InlineData("""{"minFreeBytes":-1}""", "minFreeBytes")]
    [InlineData("""{"postRollSeconds":61}""", "postRollSeconds")]
    [InlineData("""{"maxClipSeconds":"long"}""", "maxClipSeconds")]
    [InlineData("""{"retentionMaxBytes":1000}""", "retentionMaxBytes")]
    [InlineData("""{"retentionMaxAgeHours":0}""", "retentionMaxAgeHours")]
    [InlineData("""{"clipTimeoutSeconds":true}""", "clipTimeoutSeconds")]
    [InlineData("""{"clipRetentionHours":12}""", "clipRetentionHours")]
    [InlineData("""{"preRollSeconds":30,"maxClipSeconds":20}""", "maxClipSeconds")]
    public void Parse_InvalidProperty_ThrowsNamingIt(string json, string property)
    {
        var ex = Assert.Throws<SettingsValidationException>(() => SegmentRecorderSettings.Parse(JsonNode.Parse(json)!.AsObject()));

        Assert.Equal(property, Assert.Single(ex.Errors).Path);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    public async Task Binding_SchemaVersionOneX_Reports200(string schemaVersion)
    {
        await DesiredStatusProbe.AssertSchemaVersionAppliedAsync("SegmentRecorder", SegmentRecorderSettings.Read, new JsonObject(), schemaVersion);
    }

    [Fact]
    public async Task Binding_SchemaVersionTwo_Reports400NamingIt()
    {
        await DesiredStatusProbe.AssertSchemaVersionTwoRejectedAsync("SegmentRecorder", SegmentRecorderSettings.Read, new JsonObject());
    }

    [Fact]
    public async Task Binding_UnknownProperty_Reports400NamingIt()
    {
        var desired = new JsonObject();
        desired["preRoll"] = 3;

        await DesiredStatusProbe.AssertUnknownPropertyRejectedAsync("SegmentRecorder", SegmentRecorderSettings.Read, desired, "preRoll");
    }
}

using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Settings;
using EdgeCam.Edge.Twin;
using EdgeCam.Testing.Hub;

namespace EdgeCam.BlobBuffer.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class BlobBufferSettingsTests
{
    [Fact]
    public void Read_EmptyDesired_GivesDefaults()
    {
        var settings = Parse("""{"$version": 3, "schemaVersion": 1}""");

        Assert.Equal(("edgecam", 4 * 1024 * 1024, 5, 900), (settings.Container, settings.BlockSizeBytes, settings.RetryMinSeconds, settings.RetryMaxSeconds));
        Assert.Equal("2021-12-02", settings.ServiceVersion);
        Assert.Equal(30, settings.StallTimeoutSeconds);
        Assert.Equal(new AccessTierSettings(), settings.AccessTiers);
        Assert.Equal(300, settings.OutageSummaryAfterSeconds);
    }

    [Fact]
    public void Read_AccessTiers_AppliesEachKindCaseInsensitivelyAndDefaultSendsNone()
    {
        var tiers = Parse("""{"accessTiers":{"clip":"cool","snapshot":"Hot","footage":"ARCHIVE","export":"default","timelapse":"Cold"}}""").AccessTiers;

        Assert.Equal(("Cool", "Hot", "Archive", null, "Cold"), (tiers.For("clip"), tiers.For("snapshot"), tiers.For("footage"), tiers.For("export"), tiers.For("timelapse")));
    }

    [Fact]
    public void Read_AccessTierNull_IsTheAccountDefault()
    {
        Assert.Null(Parse("""{"accessTiers":{"clip":null}}""").AccessTiers.For("clip"));
    }

    [Theory]
    [InlineData("2019-02-02")]
    [InlineData("2025-11-05")]
    public void Read_ServiceVersionOfTheSdk_AppliesIt(string version)
    {
        Assert.Equal(version, Parse($$"""{"serviceVersion":"{{version}}"}""").ServiceVersion);
    }

    [Fact]
    public void Read_AllValid_AppliesThem()
    {
        var settings = Parse("""{"container":"front-door","blockSizeBytes":1048576,"maxBufferBytes":104857600,"retryMinSeconds":2,"retryMaxSeconds":60,"stallTimeoutSeconds":120}""");

        Assert.Equal(("front-door", 1048576, 104857600L, 2, 60), (settings.Container, settings.BlockSizeBytes, settings.MaxBufferBytes, settings.RetryMinSeconds, settings.RetryMaxSeconds));
        Assert.Equal(120, settings.StallTimeoutSeconds);
    }

    [Fact]
    public void Read_MaxBufferBytesAboveInt32_IsExact()
    {
        var settings = Parse("""{"maxBufferBytes":8589934593}""");

        Assert.Equal(8589934593L, settings.MaxBufferBytes);
    }

    [Theory]
    [InlineData("""{"container":"Edge_Cam"}""", "container")]
    [InlineData("""{"container":"a--b"}""", "container")]
    [InlineData("""{"blockSizeBytes":1}""", "blockSizeBytes")]
    [InlineData("""{"blockSizeBytes":"4MB"}""", "blockSizeBytes")]
    [InlineData("""{"maxBufferBytes":-1}""", "maxBufferBytes")]
    [InlineData("""{"maxBufferBytes":1048576,"blockSizeBytes":2097152}""", "maxBufferBytes")]
    [InlineData("""{"retryMinSeconds":10,"retryMaxSeconds":5}""", "retryMaxSeconds")]
    [InlineData("""{"storageConnectionString":"x"}""", "storageConnectionString")]
    [InlineData("""{"serviceVersion":"2017-04-17"}""", "serviceVersion")]
    [InlineData("""{"serviceVersion":"2019-7-7"}""", "serviceVersion")]
    [InlineData("""{"serviceVersion":"latest"}""", "serviceVersion")]
    [InlineData("""{"serviceVersion":20190707}""", "serviceVersion")]
    [InlineData("""{"stallTimeoutSeconds":1}""", "stallTimeoutSeconds")]
    [InlineData("""{"stallTimeoutSeconds":601}""", "stallTimeoutSeconds")]
    [InlineData("""{"stallTimeoutSeconds":"30s"}""", "stallTimeoutSeconds")]
    [InlineData("""{"accessTiers":{"clip":"Glacier"}}""", "accessTiers.clip")]
    [InlineData("""{"accessTiers":{"snapshot":1}}""", "accessTiers.snapshot")]
    [InlineData("""{"accessTiers":{"video":"Cool"}}""", "accessTiers.video")]
    [InlineData("""{"accessTiers":"Cool"}""", "accessTiers")]
    [InlineData("""{"accessTiers":{"footage":"Cold"},"serviceVersion":"2019-07-07"}""", "accessTiers.footage")]
    [InlineData("""{"outageSummaryAfterSeconds":0}""", "outageSummaryAfterSeconds")]
    public void Read_InvalidProperty_RecordsOneErrorNamingIt(string json, string property)
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse(json));

        Assert.Equal(property, Assert.Single(ex.Errors).Path);
        Assert.StartsWith($"{property} ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    public async Task Binding_SchemaVersionOneX_Reports200(string schemaVersion)
    {
        await DesiredStatusProbe.AssertSchemaVersionAppliedAsync("BlobBuffer", BlobBufferSettings.Read, new JsonObject(), schemaVersion);
    }

    [Fact]
    public async Task Binding_SchemaVersionTwo_Reports400NamingIt()
    {
        await DesiredStatusProbe.AssertSchemaVersionTwoRejectedAsync("BlobBuffer", BlobBufferSettings.Read, new JsonObject());
    }

    [Fact]
    public async Task Binding_UnknownProperty_Reports400NamingIt()
    {
        var desired = new JsonObject();
        desired["containr"] = "clips";

        await DesiredStatusProbe.AssertUnknownPropertyRejectedAsync("BlobBuffer", BlobBufferSettings.Read, desired, "containr");
    }

    [Fact]
    public void Read_UnknownTierName_TheLineNamesThePropertyAndTheTiers()
    {
        var ex = Assert.Throws<SettingsValidationException>(() => Parse("""{"accessTiers":{"clip":"Glacier"}}"""));

        Assert.Equal("must be one of Default, Hot, Cool, Cold, Archive, got \"Glacier\"", Assert.Single(ex.Errors).Reason);
    }

    private static BlobBufferSettings Parse(string json) => SettingsReader.Parse(JsonNode.Parse(json)!.AsObject(), BlobBufferSettings.Read);
}

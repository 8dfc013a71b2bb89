using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Settings;

namespace EdgeCam.BlobBuffer.Tests.Settings;

[Trait("Category", "Unit")]
public sealed class BlobBufferSettingsTests
{
    [Fact]
    public void Parse_EmptyDesired_GivesDefaults()
    {
        var settings = BlobBufferSettings.Parse(JsonNode.Parse("""{"$version": 3}""")!.AsObject());

        Assert.Equal(("edgecam", 4 * 1024 * 1024, 5, 900), (settings.Container, settings.BlockSizeBytes, settings.RetryMinSeconds, settings.RetryMaxSeconds));
    }

    [Fact]
    public void Parse_AllValid_AppliesThem()
    {
        var settings = BlobBufferSettings.Parse(JsonNode.Parse("""{"container":"front-door","blockSizeBytes":1048576,"maxBufferBytes":104857600,"retryMinSeconds":2,"retryMaxSeconds":60}""")!.AsObject());

        Assert.Equal(("front-door", 1048576, 104857600L, 2, 60), (settings.Container, settings.BlockSizeBytes, settings.MaxBufferBytes, settings.RetryMinSeconds, settings.RetryMaxSeconds));
    }

    [Theory]
    [InlineData("""{"container":"Edge_Cam"}""", "container")]
    [InlineData("""{"blockSizeBytes":1}""", "blockSizeBytes")]
    [InlineData("""{"blockSizeBytes":"4MB"}""", "blockSizeBytes")]
    [InlineData("""{"maxBufferBytes":-1}""", "maxBufferBytes")]
    [InlineData("""{"retryMinSeconds":10,"retryMaxSeconds":5}""", "retryMaxSeconds")]
    [InlineData("""{"storageConnectionString":"x"}""", "storageConnectionString")]
    public void Parse_InvalidProperty_ThrowsNamingIt(string json, string property)
    {
        var ex = Assert.Throws<SettingsException>(() => BlobBufferSettings.Parse(JsonNode.Parse(json)!.AsObject()));

        Assert.Equal(property, ex.Property);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }
}

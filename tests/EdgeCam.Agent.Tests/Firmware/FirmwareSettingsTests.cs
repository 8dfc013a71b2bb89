using System.Text.Json.Nodes;
using EdgeCam.Agent.Firmware;
using EdgeCam.Edge.Twin;

namespace EdgeCam.Agent.Tests.Firmware;

public sealed class FirmwareSettingsTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void Parse_CompleteSection_ReadsEveryValue()
    {
        var settings = FirmwareSettings.Parse(Json($$"""{"version":"2.1.0","packageUrl":"https://x.blob.core.windows.net/fw/a.tar.gz?sv=1&sig=2","sha256":"{{Sha.ToUpperInvariant()}}","signature":"MEUCIQ==","healthTimeoutSeconds":60}"""));

        Assert.Equal("2.1.0", settings.Version);
        Assert.Equal("x.blob.core.windows.net", settings.PackageUrl.Host);
        Assert.Equal(Sha, settings.Sha256Lower);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.HealthTimeout);
    }

    [Theory]
    [InlineData("""{"packageUrl":"https://h/p","sha256":"SHA","signature":"AA=="}""", "version is required")]
    [InlineData("""{"version":"../etc","packageUrl":"https://h/p","sha256":"SHA","signature":"AA=="}""", "version must be 1-64 letters, digits and . _ + -")]
    [InlineData("""{"version":"2","packageUrl":"ftp://h/p","sha256":"SHA","signature":"AA=="}""", "packageUrl must be an absolute http or https URL")]
    [InlineData("""{"version":"2","packageUrl":"https://h/p","sha256":"abc","signature":"AA=="}""", "sha256 must be 64 hex digits")]
    [InlineData("""{"version":"2","packageUrl":"https://h/p","sha256":"SHA","signature":"not base64!"}""", "signature must be base64")]
    [InlineData("""{"version":"2","packageUrl":"https://h/p","sha256":"SHA","signature":"AA==","url":"x"}""", "url is not a known setting")]
    [InlineData("""{"version":"2","packageUrl":"https://h/p","sha256":"SHA","signature":"AA==","healthTimeoutSeconds":5}""", "healthTimeoutSeconds must be between 10 and 3600 seconds")]
    public void Parse_BadProperty_NamesIt(string json, string expected)
    {
        var error = Assert.Throws<SettingsValidationException>(() => FirmwareSettings.Parse(Json(json.Replace("SHA", Sha, StringComparison.Ordinal))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Errors);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}

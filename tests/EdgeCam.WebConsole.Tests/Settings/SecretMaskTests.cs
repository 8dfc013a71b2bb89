using System.Text.Json.Nodes;
using EdgeCam.WebConsole.Settings;

namespace EdgeCam.WebConsole.Tests.Settings;

public class SecretMaskTests
{
    [Fact]
    public void Apply_SecretNamedProperties_Masked()
    {
        var twin = JsonNode.Parse("""
            {"mqtt":{"host":"broker","username":"cam","password":"hunter22"},"webhook":{"url":"https://x","token":"tok-123"},
             "storageConnectionString":"whatever","sasUrl":"https://a/b","accountKey":"k1","threshold":30}
            """);

        var masked = SecretMask.Apply(twin)!.ToJsonString();

        foreach (var secret in new[] { "hunter22", "tok-123", "whatever", "https://a/b", "k1" })
        {
            Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        }

        Assert.Contains("\"host\":\"broker\"", masked, StringComparison.Ordinal);
        Assert.Contains("\"threshold\":30", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net", "c2VjcmV0")]
    [InlineData("HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=a2V5", "a2V5")]
    [InlineData("https://acct.blob.core.windows.net/c?sv=2024&sp=w&sig=abc%2Fdef", "abc%2Fdef")]
    [InlineData("rtsp://admin:s3cret@192.168.1.10/stream1", "s3cret")]
    public void Text_SecretInsideAValue_Masked(string text, string secret)
    {
        var masked = SecretMask.Text(text);

        Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        Assert.Contains(SecretMask.Mask, masked, StringComparison.Ordinal);
    }
}

using EdgeCam.Agent.LocalBroker;

namespace EdgeCam.Agent.Tests.LocalBroker;

public sealed class LocalBrokerChoiceTests
{
    [Theory]
    [InlineData(null, true, "127.0.0.1", 1883)]
    [InlineData("", true, "127.0.0.1", 1883)]
    [InlineData("embedded", true, "127.0.0.1", 1883)]
    [InlineData("embedded:1884", true, "127.0.0.1", 1884)]
    [InlineData("homeassistant.local:1883", false, "homeassistant.local", 1883)]
    public void Parse_Forms_EmbeddedOrTheUsersBroker(string? value, bool embedded, string host, int port)
    {
        var choice = LocalBrokerChoice.Parse(value);

        Assert.Equal(new LocalBrokerChoice(embedded, host, port), choice);
        Assert.Equal(host, (string?)choice.EventRouterPatch()!["mqtt"]!["host"]);
        Assert.True((bool)choice.EventRouterPatch()!["mqtt"]!["enabled"]!);
    }

    [Fact]
    public void Parse_None_NoBrokerAndNoPatch()
    {
        var choice = LocalBrokerChoice.Parse("none");

        Assert.False(choice.Embedded);
        Assert.Null(choice.EventRouterPatch());
    }

    [Theory]
    [InlineData("mosquitto")]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    public void Parse_BadValue_OneLineNamingIt(string value)
    {
        var ex = Assert.Throws<FormatException>(() => LocalBrokerChoice.Parse(value));

        Assert.Equal($"EDGECAM_MQTT_BROKER='{value}' is not 'embedded', 'embedded:<port>', '<host>:<port>' or 'none'", ex.Message);
    }
}

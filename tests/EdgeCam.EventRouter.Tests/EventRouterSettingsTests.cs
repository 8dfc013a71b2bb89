using System.Text.Json.Nodes;
using EdgeCam.Testing.Hub;

namespace EdgeCam.EventRouter.Tests;

/// <summary>EventRouter's settings under the policy every module shares (EdgeCam.Edge README, "Twin settings").</summary>
public sealed class EventRouterSettingsTests
{
    [Fact]
    public void Parse_EmptyDocument_GivesDefaults()
    {
        var settings = EventRouterSettings.Parse([]);

        Assert.Equal(EventRouterSettings.Default, settings);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.2")]
    public async Task Binding_SchemaVersionOneX_Reports200(string schemaVersion)
    {
        var desired = new JsonObject();
        desired["schemaVersion"] = schemaVersion;

        var (code, description, _) = await DesiredStatusProbe.ApplyAsync("EventRouter", EventRouterSettings.Read, desired);

        Assert.Equal((200, "applied"), (code, description));
    }

    [Fact]
    public async Task Binding_SchemaVersionTwo_Reports400NamingIt()
    {
        var desired = new JsonObject();
        desired["schemaVersion"] = "2.0";

        var (code, description, _) = await DesiredStatusProbe.ApplyAsync("EventRouter", EventRouterSettings.Read, desired);

        Assert.Equal((400, "schemaVersion \"2.0\" is not supported: this module reads schema 1.x"), (code, description));
    }

    [Fact]
    public async Task Binding_UnknownProperty_Reports400NamingIt()
    {
        var desired = new JsonObject();
        desired["alertsEnable"] = false;

        var (code, description, _) = await DesiredStatusProbe.ApplyAsync("EventRouter", EventRouterSettings.Read, desired);

        Assert.Equal(400, code);
        Assert.StartsWith("alertsEnable is not a known setting (known here: ", description, StringComparison.Ordinal);
    }
}

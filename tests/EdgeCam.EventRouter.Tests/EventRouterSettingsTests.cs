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
        await DesiredStatusProbe.AssertSchemaVersionAppliedAsync("EventRouter", EventRouterSettings.Read, new JsonObject(), schemaVersion);
    }

    [Fact]
    public async Task Binding_SchemaVersionTwo_Reports400NamingIt()
    {
        await DesiredStatusProbe.AssertSchemaVersionTwoRejectedAsync("EventRouter", EventRouterSettings.Read, new JsonObject());
    }

    [Fact]
    public async Task Binding_UnknownProperty_Reports400NamingIt()
    {
        var desired = new JsonObject();
        desired["alertsEnable"] = false;

        await DesiredStatusProbe.AssertUnknownPropertyRejectedAsync("EventRouter", EventRouterSettings.Read, desired, "alertsEnable");
    }

    [Fact]
    public void Parse_HealthSection_ReadsSecondsAsDurations()
    {
        var desired = new JsonObject { ["health"] = new JsonObject { ["cameraOfflineSeconds"] = 45, ["uploadsStuckSeconds"] = 600, ["clockCheckSeconds"] = 5 } };

        var settings = EventRouterSettings.Parse(desired);

        Assert.Equal(new EdgeCam.EventRouter.Health.HealthSettings(TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5)), settings.Health);
    }

    [Fact]
    public void Parse_CameraOfflineSecondsZero_OneErrorNamingTheProperty()
    {
        var desired = new JsonObject { ["health"] = new JsonObject { ["cameraOfflineSeconds"] = 0 } };

        var error = Assert.Throws<EdgeCam.Edge.Twin.SettingsValidationException>(() => EventRouterSettings.Parse(desired));

        Assert.Contains("health.cameraOfflineSeconds", error.Message, StringComparison.Ordinal);
    }
}

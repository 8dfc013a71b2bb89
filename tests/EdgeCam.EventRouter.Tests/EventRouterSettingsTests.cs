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
    public void Parse_SinkSections_ReadsEachIntoItsRecord()
    {
        var settings = EventRouterSettings.Parse(new JsonObject
        {
            ["mqtt"] = new JsonObject { ["enabled"] = true, ["host"] = "ha.local", ["port"] = 8883, ["topicPrefix"] = "home/cams" },
            ["homeAssistant"] = new JsonObject { ["discoveryPrefix"] = "hass" },
            ["webhook"] = new JsonObject { ["enabled"] = true, ["url"] = "https://push.example/hook", ["retryMinSeconds"] = 0.5 },
        });

        Assert.Equal(("ha.local", 8883, "home/cams"), (settings.Mqtt.Host, settings.Mqtt.Port, settings.Mqtt.TopicPrefix));
        Assert.Equal("hass", settings.HomeAssistant.DiscoveryPrefix);
        Assert.Equal(TimeSpan.FromSeconds(0.5), settings.Webhook.RetryMinimum);
    }

    [Theory]
    [InlineData("{\"webhook\":{\"enabled\":true}}", "webhook.url", "must be set when webhook.enabled is true")]
    [InlineData("{\"webhook\":{\"url\":\"ftp://x/y\"}}", "webhook.url", "must be an absolute http or https URL, got 'ftp://x/y'")]
    [InlineData("{\"webhook\":{\"retryMinSeconds\":30,\"retryMaxSeconds\":10}}", "webhook.retryMaxSeconds", "must not be below retryMinSeconds (30 s)")]
    [InlineData("{\"mqtt\":{\"topicPrefix\":\"cams/#\"}}", "mqtt.topicPrefix", "must be a topic without wildcards or a leading/trailing '/', got 'cams/#'")]
    [InlineData("{\"mqtt\":{\"port\":0}}", "mqtt.port", "must be between 1 and 65535")]
    [InlineData("{\"homeAssistant\":{\"discoveryPrefix\":\"/ha\"}}", "homeAssistant.discoveryPrefix", "must be a topic without wildcards")]
    public void Parse_BadSinkSetting_ErrorNamesTheProperty(string json, string property, string reason)
    {
        var ex = Assert.Throws<EdgeCam.Edge.Twin.SettingsValidationException>(() => EventRouterSettings.Parse(JsonNode.Parse(json)!.AsObject()));

        Assert.Contains(ex.Errors, e => e.Path == property && e.Reason.StartsWith(reason, StringComparison.Ordinal));
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

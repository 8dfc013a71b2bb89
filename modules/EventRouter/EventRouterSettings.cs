using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Health;
using EdgeCam.EventRouter.HomeAssistant;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.EventRouter.Rules;
using EdgeCam.EventRouter.Sinks.Webhook;

namespace EdgeCam.EventRouter;

/// <summary>EventRouter's module twin settings (desired properties), validated as a whole.</summary>
/// <param name="AlertsEnabled">Send alerts at all (<c>alertsEnabled</c>).</param>
/// <param name="MaxAlertsPerMinute">Most alerts per camera in any sliding minute (<c>maxAlertsPerMinute</c>, 1..600).</param>
/// <param name="MinScore">Motion events scoring below this (share of the frame changed) do not alert (<c>minScore</c>, 0..1).</param>
/// <remarks>The <c>rules</c> section (<see cref="Rules"/>) is an init property, so other sections can be added the same way.</remarks>
public sealed record EventRouterSettings(bool AlertsEnabled, int MaxAlertsPerMinute, double MinScore)
{
    /// <summary>The settings with no desired properties at all.</summary>
    public static EventRouterSettings Default { get; } = new(AlertsEnabled: true, MaxAlertsPerMinute: 12, MinScore: 0);

    /// <summary>Arming, house mode, zones that only record, recording rules (<c>rules</c>).</summary>
    public RulesSettings Rules { get; init; } = RulesSettings.Default;

    /// <summary>The local broker (section <c>mqtt</c>): alerts and Home Assistant go there when enabled.</summary>
    public LocalMqttSettings Mqtt { get; init; } = LocalMqttSettings.Default;

    /// <summary>Home Assistant MQTT discovery (section <c>homeAssistant</c>).</summary>
    public HomeAssistantSettings HomeAssistant { get; init; } = HomeAssistantSettings.Default;

    /// <summary>The HTTP webhook sink (section <c>webhook</c>).</summary>
    public WebhookSettings Webhook { get; init; } = WebhookSettings.Default;

    /// <summary>Health alert delays and cadence: section <c>health</c> (Health/HealthSettings).</summary>
    public HealthSettings Health { get; init; } = HealthSettings.Default;

    /// <summary>Reads <paramref name="desired"/> with the policy every module shares (<see cref="SettingsReader.Parse{T}"/>).</summary>
    /// <exception cref="SettingsValidationException">A property is invalid or unknown; each error names it.</exception>
    public static EventRouterSettings Parse(JsonObject desired) => SettingsReader.Parse(desired, Read);

    /// <summary>Reads the settings; errors are collected by <paramref name="reader"/> with the property name.</summary>
    public static EventRouterSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new EventRouterSettings(
            reader.GetBoolean("alertsEnabled", Default.AlertsEnabled),
            reader.GetInt32("maxAlertsPerMinute", Default.MaxAlertsPerMinute, min: 1, max: 600),
            reader.GetDouble("minScore", Default.MinScore, min: 0, max: 1))
        {
            Rules = RulesSettings.Read(reader.GetSection("rules")),
            Mqtt = LocalMqttSettings.Read(reader.GetSection("mqtt")),
            HomeAssistant = HomeAssistantSettings.Read(reader.GetSection("homeAssistant")),
            Webhook = WebhookSettings.Read(reader.GetSection("webhook")),
            Health = HealthSettings.Read(reader.GetSection(HealthSettings.SectionName)),
        };
    }
}

using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.HomeAssistant;

/// <summary>The twin section <c>homeAssistant</c>: MQTT discovery on the local broker (needs <c>mqtt.enabled</c>).</summary>
/// <param name="Enabled">Publish discovery documents and entity states (<c>homeAssistant.enabled</c>).</param>
/// <param name="DiscoveryPrefix">Home Assistant's discovery prefix (<c>homeAssistant.discoveryPrefix</c>; its default is <c>homeassistant</c>).</param>
public sealed record HomeAssistantSettings(bool Enabled, string DiscoveryPrefix)
{
    /// <summary>The section with no desired properties.</summary>
    public static HomeAssistantSettings Default { get; } = new(Enabled: true, DiscoveryPrefix: "homeassistant");

    /// <summary>Reads the section through <paramref name="reader"/> (from <c>reader.GetSection("homeAssistant")</c>).</summary>
    public static HomeAssistantSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var prefix = reader.GetString("discoveryPrefix", Default.DiscoveryPrefix);
        if (prefix.IndexOfAny(['+', '#', '\0']) >= 0 || prefix.StartsWith('/') || prefix.EndsWith('/'))
        {
            reader.AddError("discoveryPrefix", $"must be a topic without wildcards or a leading/trailing '/', got '{prefix}'");
        }

        return new HomeAssistantSettings(reader.GetBoolean("enabled", Default.Enabled), prefix);
    }
}

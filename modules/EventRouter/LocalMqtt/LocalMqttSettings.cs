using EdgeCam.Edge.Twin;

namespace EdgeCam.EventRouter.LocalMqtt;

/// <summary>The twin section <c>mqtt</c>: the local broker EventRouter publishes alerts and Home Assistant entities to.</summary>
/// <param name="Enabled">Connect at all (<c>mqtt.enabled</c>). Off in the module's default: an IoT Edge device has no broker
/// unless its owner runs one; the agent turns it on for its embedded broker.</param>
/// <param name="Host">Broker host (<c>mqtt.host</c>).</param>
/// <param name="Port">Broker port (<c>mqtt.port</c>, 1..65535).</param>
/// <param name="Username">User name; empty for anonymous (<c>mqtt.username</c>). The password is EDGECAM_MQTT_PASSWORD.</param>
/// <param name="TopicPrefix">First level of every EdgeCam topic (<c>mqtt.topicPrefix</c>).</param>
public sealed record LocalMqttSettings(bool Enabled, string Host, int Port, string Username, string TopicPrefix)
{
    /// <summary>The section with no desired properties.</summary>
    public static LocalMqttSettings Default { get; } = new(Enabled: false, Host: "localhost", Port: 1883, Username: string.Empty, TopicPrefix: "edgecam");

    /// <summary>Reads the section through <paramref name="reader"/> (from <c>reader.GetSection("mqtt")</c>).</summary>
    public static LocalMqttSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var prefix = reader.GetString("topicPrefix", Default.TopicPrefix);
        if (prefix.IndexOfAny(['+', '#', '\0']) >= 0 || prefix.StartsWith('/') || prefix.EndsWith('/'))
        {
            reader.AddError("topicPrefix", $"must be a topic without wildcards or a leading/trailing '/', got '{prefix}'");
        }

        return new LocalMqttSettings(
            reader.GetBoolean("enabled", Default.Enabled),
            reader.GetString("host", Default.Host),
            reader.GetInt32("port", Default.Port, min: 1, max: 65535),
            reader.GetString("username", Default.Username, allowEmpty: true),
            prefix);
    }
}

using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.EventRouter.LocalMqtt.Transport;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.EventRouter;

/// <summary>
/// What EventRouter takes from its environment rather than its twin: the secrets of its sinks (a twin is readable by
/// every hub operator and service with registry read access, and is echoed in reported properties tooling; a container's
/// environment stays on the device), the device name its MQTT topics and Home Assistant ids carry, and the shared volume
/// the snapshots are read from.
/// </summary>
/// <param name="Device">The device name in topics and entity ids: IOTEDGE_DEVICEID, else the host name.</param>
/// <param name="Volume">The shared volume (EDGECAM_DATA), or null when it is not mounted.</param>
/// <param name="MqttPassword">EDGECAM_MQTT_PASSWORD: the local broker's password for <c>mqtt.username</c>.</param>
/// <param name="WebhookToken">EDGECAM_WEBHOOK_TOKEN: sent as <c>Authorization: Bearer</c> to the webhook.</param>
public sealed record EventRouterEnvironment(string Device, SharedVolume? Volume, string? MqttPassword, string? WebhookToken)
{
    public const string MqttPasswordVariable = "EDGECAM_MQTT_PASSWORD";
    public const string WebhookTokenVariable = "EDGECAM_WEBHOOK_TOKEN";
    public const string DeviceIdVariable = "IOTEDGE_DEVICEID";

    /// <summary>No secrets, no volume, device <c>edgecam</c> (tests that need neither).</summary>
    public static EventRouterEnvironment None { get; } = new("edgecam", null, null, null);

    /// <summary>Makes the local MQTT connections (tests may pass one that fails on purpose).</summary>
    public Func<ILocalMqttClient> CreateMqttClient { get; init; } = () => new MqttNetLocalClient();

    /// <summary>Reads the variables from <paramref name="configuration"/> (environment variables in a container).</summary>
    public static EventRouterEnvironment From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var device = configuration[DeviceIdVariable];
        return new EventRouterEnvironment(
            string.IsNullOrWhiteSpace(device) ? Environment.MachineName : device,
            SharedVolumeSetting.From(configuration),
            NullIfEmpty(configuration[MqttPasswordVariable]),
            NullIfEmpty(configuration[WebhookTokenVariable]));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

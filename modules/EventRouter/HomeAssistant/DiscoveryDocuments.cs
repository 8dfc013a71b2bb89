using System.Text.Json.Nodes;
using EdgeCam.EventRouter.LocalMqtt;

namespace EdgeCam.EventRouter.HomeAssistant;

/// <summary>One discovery document: where it is published and what it says.</summary>
/// <param name="Topic"><c>&lt;discovery prefix&gt;/&lt;component&gt;/&lt;node id&gt;/&lt;object id&gt;/config</c>.</param>
/// <param name="Config">The entity's configuration (Home Assistant's MQTT discovery payload).</param>
public sealed record DiscoveryDocument(string Topic, JsonObject Config);

/// <summary>
/// Builds Home Assistant MQTT discovery documents for EdgeCam's entities: per camera a motion binary sensor, the last
/// snapshot as an image, capture state and IR mode (enum sensors) and the last upload (timestamp sensor); per zone a
/// motion binary sensor; per buffer its backlog (count, bytes) and last upload. Every entity names EventRouter's
/// availability topic, so all go unavailable when its connection dies (the last will).
/// </summary>
public static class DiscoveryDocuments
{
    /// <summary>The manufacturer shown on every device.</summary>
    public const string Manufacturer = "EdgeCam";

    /// <summary>The capture states a camera state sensor can show (CaptureState in camelCase).</summary>
    public static readonly IReadOnlyList<string> CameraStates = ["starting", "running", "restarting", "ended", "failed", "stopped", "waitingForSpace"];

    /// <summary>The entities of one camera.</summary>
    public static IReadOnlyList<DiscoveryDocument> ForCamera(string discoveryPrefix, TopicLayout topics, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var device = Device(topics, cameraId, $"Camera {cameraId}", "EdgeCam camera");
        var node = NodeId(topics, cameraId);
        return
        [
            Document(discoveryPrefix, "binary_sensor", node, "motion", topics, device, new JsonObject
            {
                ["name"] = "Motion",
                ["state_topic"] = topics.Motion(cameraId),
                ["device_class"] = "motion",
                ["payload_on"] = "ON",
                ["payload_off"] = "OFF",
            }),
            Document(discoveryPrefix, "image", node, "snapshot", topics, device, new JsonObject
            {
                ["name"] = "Last snapshot",
                ["image_topic"] = topics.Snapshot(cameraId),
                ["content_type"] = "image/jpeg",
            }),
            Document(discoveryPrefix, "sensor", node, "camera_state", topics, device, new JsonObject
            {
                ["name"] = "Camera state",
                ["state_topic"] = topics.CameraState(cameraId),
                ["device_class"] = "enum",
                ["options"] = new JsonArray([.. CameraStates.Select(s => JsonValue.Create(s))]),
                ["entity_category"] = "diagnostic",
            }),
            Document(discoveryPrefix, "sensor", node, "ir_mode", topics, device, new JsonObject
            {
                ["name"] = "IR mode",
                ["state_topic"] = topics.InfraredMode(cameraId),
                ["device_class"] = "enum",
                ["options"] = new JsonArray("day", "night"),
                ["icon"] = "mdi:weather-night",
            }),
            Document(discoveryPrefix, "sensor", node, "last_upload", topics, device, new JsonObject
            {
                ["name"] = "Last upload",
                ["state_topic"] = topics.LastUpload(cameraId),
                ["device_class"] = "timestamp",
                ["entity_category"] = "diagnostic",
            }),
        ];
    }

    /// <summary>The motion binary sensor of one zone of a camera (a zone is known once motion touched it).</summary>
    public static DiscoveryDocument ForZone(string discoveryPrefix, TopicLayout topics, string cameraId, string zone)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return Document(discoveryPrefix, "binary_sensor", NodeId(topics, cameraId), $"zone_{Id(zone)}_motion", topics, Device(topics, cameraId, $"Camera {cameraId}", "EdgeCam camera"), new JsonObject
        {
            ["name"] = $"Motion in {zone}",
            ["state_topic"] = topics.ZoneMotion(cameraId, zone),
            ["device_class"] = "motion",
            ["payload_on"] = "ON",
            ["payload_off"] = "OFF",
        });
    }

    /// <summary>The backlog sensors of one buffer (BlobBuffer's BufferHealth).</summary>
    public static IReadOnlyList<DiscoveryDocument> ForBuffer(string discoveryPrefix, TopicLayout topics, string bufferId)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var device = Device(topics, bufferId, $"Upload buffer {bufferId}", "EdgeCam upload buffer");
        var node = NodeId(topics, bufferId);
        return
        [
            Document(discoveryPrefix, "sensor", node, "pending_count", topics, device, new JsonObject
            {
                ["name"] = "Backlog",
                ["state_topic"] = topics.Buffer(bufferId, BufferFigures.PendingCount),
                ["unit_of_measurement"] = "files",
                ["state_class"] = "measurement",
                ["icon"] = "mdi:cloud-upload",
            }),
            Document(discoveryPrefix, "sensor", node, "pending_bytes", topics, device, new JsonObject
            {
                ["name"] = "Backlog size",
                ["state_topic"] = topics.Buffer(bufferId, BufferFigures.PendingBytes),
                ["device_class"] = "data_size",
                ["unit_of_measurement"] = "B",
                ["state_class"] = "measurement",
            }),
            Document(discoveryPrefix, "sensor", node, "last_upload", topics, device, new JsonObject
            {
                ["name"] = "Last upload",
                ["state_topic"] = topics.Buffer(bufferId, BufferFigures.LastUpload),
                ["device_class"] = "timestamp",
            }),
        ];
    }

    /// <summary>
    /// <paramref name="name"/> as a node or object id: Home Assistant accepts only <c>[a-zA-Z0-9_-]</c> there; any other
    /// character becomes '_'.
    /// </summary>
    public static string Id(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
    }

    private static string NodeId(TopicLayout topics, string name) => $"edgecam_{Id(topics.Device)}_{Id(name)}";

    private static JsonObject Device(TopicLayout topics, string name, string displayName, string model) => new()
    {
        ["identifiers"] = new JsonArray(NodeId(topics, name)),
        ["name"] = displayName,
        ["manufacturer"] = Manufacturer,
        ["model"] = model,
    };

    private static DiscoveryDocument Document(string discoveryPrefix, string component, string node, string objectId, TopicLayout topics, JsonObject device, JsonObject config)
    {
        config["unique_id"] = $"{node}_{objectId}";
        config["availability_topic"] = topics.Availability;
        config["payload_available"] = LocalMqttLink.Online;
        config["payload_not_available"] = LocalMqttLink.Offline;
        config["qos"] = 1;
        config["device"] = device.DeepClone();
        return new DiscoveryDocument($"{discoveryPrefix}/{component}/{node}/{objectId}/config", config);
    }
}

/// <summary>The figures of a buffer's backlog, as the last level of their topics.</summary>
public static class BufferFigures
{
    public const string PendingCount = "pendingCount";
    public const string PendingBytes = "pendingBytes";
    public const string LastUpload = "lastUpload";
}

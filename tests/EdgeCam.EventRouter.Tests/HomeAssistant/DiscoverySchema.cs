using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCam.EventRouter.Tests.HomeAssistant;

/// <summary>
/// Home Assistant's documented MQTT discovery schema, written down as data for the parts EdgeCam uses, and a checker
/// that names every field that breaks it. Sources (read 2026-12-01):
/// <list type="bullet">
/// <item>https://www.home-assistant.io/integrations/mqtt/ ("MQTT Discovery"): the topic
/// <c>&lt;discovery_prefix&gt;/&lt;component&gt;/[&lt;node_id&gt;/]&lt;object_id&gt;/config</c>, node and object ids of
/// <c>[a-zA-Z0-9_-]</c> only; the payload a JSON object; a device needs <c>identifiers</c> or <c>connections</c>, and an
/// entity a <c>unique_id</c> to join one.</item>
/// <item>https://www.home-assistant.io/integrations/binary_sensor.mqtt/: configuration variables; <c>state_topic</c>
/// required for discovery; <c>payload_on</c>/<c>payload_off</c> default ON/OFF.</item>
/// <item>https://www.home-assistant.io/integrations/sensor.mqtt/ and https://www.home-assistant.io/integrations/sensor/
/// (device classes, units, <c>enum</c> needs <c>options</c> and takes no unit or state class; <c>timestamp</c> takes an
/// ISO 8601 state with a time zone).</item>
/// <item>https://www.home-assistant.io/integrations/image.mqtt/: exactly one of <c>image_topic</c> and <c>url_topic</c>;
/// <c>content_type</c> applies to <c>image_topic</c>.</item>
/// <item>https://www.home-assistant.io/integrations/binary_sensor/ (device classes).</item>
/// </list>
/// </summary>
public static partial class DiscoverySchema
{
    /// <summary>Keys every MQTT entity may carry (the shared "availability", "device" and entity variables).</summary>
    public static readonly IReadOnlySet<string> CommonKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "availability", "availability_mode", "availability_template", "availability_topic", "payload_available",
        "payload_not_available", "device", "enabled_by_default", "encoding", "entity_category", "entity_picture", "icon",
        "json_attributes_template", "json_attributes_topic", "name", "object_id", "default_entity_id", "platform", "qos",
        "unique_id",
    };

    /// <summary>Per component: the keys it adds to <see cref="CommonKeys"/>, and those it requires.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Keys, string[] Required)> Components = new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
    {
        ["binary_sensor"] = (["device_class", "expire_after", "force_update", "off_delay", "payload_off", "payload_on", "state_topic", "value_template"], ["state_topic"]),
        ["sensor"] = (["device_class", "expire_after", "force_update", "last_reset_value_template", "options", "suggested_display_precision", "state_class", "state_topic", "unit_of_measurement", "value_template"], ["state_topic"]),
        ["image"] = (["content_type", "image_encoding", "image_topic", "url_template", "url_topic"], []),
    };

    /// <summary>Keys of the <c>device</c> map.</summary>
    public static readonly IReadOnlySet<string> DeviceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "configuration_url", "connections", "hw_version", "identifiers", "manufacturer", "model", "model_id", "name",
        "serial_number", "suggested_area", "sw_version", "via_device",
    };

    /// <summary>Binary sensor device classes.</summary>
    public static readonly IReadOnlySet<string> BinarySensorClasses = new HashSet<string>(StringComparer.Ordinal)
    {
        "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door", "gas", "heat",
        "light", "lock", "moisture", "motion", "moving", "occupancy", "opening", "plug", "power", "presence", "problem",
        "running", "safety", "smoke", "sound", "tamper", "update", "vibration", "window",
    };

    /// <summary>The sensor device classes EdgeCam uses, with the units each accepts (empty: no unit allowed).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SensorClassUnits = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["enum"] = [],
        ["timestamp"] = [],
        ["data_size"] = ["bit", "kbit", "Mbit", "Gbit", "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"],
    };

    /// <summary>Sensor state classes.</summary>
    public static readonly IReadOnlySet<string> StateClasses = new HashSet<string>(StringComparer.Ordinal) { "measurement", "total", "total_increasing" };

    /// <summary>Entity categories.</summary>
    public static readonly IReadOnlySet<string> EntityCategories = new HashSet<string>(StringComparer.Ordinal) { "config", "diagnostic" };

    /// <summary>Every rule <paramref name="config"/> on <paramref name="topic"/> breaks, one line each (empty: valid).</summary>
    public static IReadOnlyList<string> Check(string discoveryPrefix, string topic, JsonObject config)
    {
        var errors = new List<string>();
        var match = TopicPattern().Match(topic.StartsWith(discoveryPrefix + "/", StringComparison.Ordinal) ? topic[(discoveryPrefix.Length + 1)..] : string.Empty);
        if (!match.Success)
        {
            errors.Add($"{topic}: not <{discoveryPrefix}>/<component>/[<node_id>/]<object_id>/config with ids of [a-zA-Z0-9_-]");
            return errors;
        }

        var component = match.Groups["component"].Value;
        if (!Components.TryGetValue(component, out var rules))
        {
            errors.Add($"{topic}: component '{component}' is not one EdgeCam is checked for");
            return errors;
        }

        foreach (var (key, _) in config)
        {
            if (!CommonKeys.Contains(key) && !rules.Keys.Contains(key))
            {
                errors.Add($"{topic}: '{key}' is not a {component} variable");
            }
        }

        errors.AddRange(rules.Required.Where(r => config[r] is null).Select(r => $"{topic}: '{r}' is required"));
        foreach (var key in config.Select(kv => kv.Key).Where(k => k.EndsWith("_topic", StringComparison.Ordinal)))
        {
            if (config[key] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || ((string)v!).IndexOfAny(['+', '#']) >= 0 || ((string)v!).Length == 0)
            {
                errors.Add($"{topic}: '{key}' must be a topic without wildcards");
            }
        }

        if (config["unique_id"] is null)
        {
            errors.Add($"{topic}: 'unique_id' is needed for the entity to join its device");
        }

        if (config["qos"] is JsonNode qos && qos.GetValue<int>() is not (0 or 1 or 2))
        {
            errors.Add($"{topic}: 'qos' must be 0, 1 or 2");
        }

        if (config["entity_category"] is JsonNode category && !EntityCategories.Contains((string)category!))
        {
            errors.Add($"{topic}: entity_category '{category}' is not config or diagnostic");
        }

        if (config["availability"] is not null && config["availability_topic"] is not null)
        {
            errors.Add($"{topic}: 'availability' and 'availability_topic' must not be used together");
        }

        CheckDevice(topic, config["device"], errors);
        switch (component)
        {
            case "binary_sensor":
                if (config["device_class"] is JsonNode binaryClass && !BinarySensorClasses.Contains((string)binaryClass!))
                {
                    errors.Add($"{topic}: binary_sensor device_class '{binaryClass}' is not documented");
                }

                break;
            case "sensor":
                CheckSensor(topic, config, errors);
                break;
            case "image":
                if ((config["image_topic"] is null) == (config["url_topic"] is null))
                {
                    errors.Add($"{topic}: exactly one of 'image_topic' and 'url_topic' is required");
                }

                if (config["content_type"] is not null && config["image_topic"] is null)
                {
                    errors.Add($"{topic}: 'content_type' applies to 'image_topic' only");
                }

                break;
        }

        return errors;
    }

    private static void CheckDevice(string topic, JsonNode? device, List<string> errors)
    {
        if (device is not JsonObject map)
        {
            errors.Add($"{topic}: 'device' must be a map");
            return;
        }

        errors.AddRange(map.Where(kv => !DeviceKeys.Contains(kv.Key)).Select(kv => $"{topic}: device '{kv.Key}' is not a device variable"));
        if (map["identifiers"] is null && map["connections"] is null)
        {
            errors.Add($"{topic}: the device needs 'identifiers' or 'connections'");
        }
    }

    private static void CheckSensor(string topic, JsonObject config, List<string> errors)
    {
        var deviceClass = (string?)config["device_class"];
        var unit = (string?)config["unit_of_measurement"];
        if (config["state_class"] is JsonNode stateClass && !StateClasses.Contains((string)stateClass!))
        {
            errors.Add($"{topic}: state_class '{stateClass}' is not documented");
        }

        if (deviceClass is null)
        {
            if (config["options"] is not null)
            {
                errors.Add($"{topic}: 'options' needs device_class enum");
            }

            return;
        }

        if (!SensorClassUnits.TryGetValue(deviceClass, out var units))
        {
            errors.Add($"{topic}: sensor device_class '{deviceClass}' is not one EdgeCam is checked for");
            return;
        }

        if (unit is not null && !units.Contains(unit))
        {
            errors.Add($"{topic}: unit '{unit}' is not allowed for device_class {deviceClass}");
        }

        if (units.Length > 0 && unit is null)
        {
            errors.Add($"{topic}: device_class {deviceClass} needs a unit_of_measurement");
        }

        if (deviceClass == "enum" && (config["options"] is not JsonArray { Count: > 0 } || config["state_class"] is not null))
        {
            errors.Add($"{topic}: device_class enum needs 'options' and takes no state_class");
        }

        if (deviceClass != "enum" && config["options"] is not null)
        {
            errors.Add($"{topic}: 'options' needs device_class enum");
        }

        if (deviceClass == "timestamp" && config["state_class"] is not null)
        {
            errors.Add($"{topic}: device_class timestamp takes no state_class");
        }
    }

    [GeneratedRegex("^(?<component>[a-z_]+)/(?:[a-zA-Z0-9_-]+/)?[a-zA-Z0-9_-]+/config$")]
    private static partial Regex TopicPattern();
}

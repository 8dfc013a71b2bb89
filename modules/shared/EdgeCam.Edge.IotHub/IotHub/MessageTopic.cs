using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Maps a <see cref="ModuleMessage"/> to its telemetry topic and back from an input or C2D property bag, with the
/// system property names of the IoT Hub contract (<c>$.mid</c>, <c>$.cid</c>, <c>$.ct</c>, <c>$.ce</c>, <c>$.on</c>).
/// The bag is built in the order the Node SDK builds it: <c>$.on</c>, then <c>$.mid</c>, <c>$.cid</c>, <c>$.ct</c>,
/// <c>$.ce</c>, then the application properties; an output event ends with <c>/</c>, plain telemetry does not.
/// </summary>
public static class MessageTopic
{
    public const string MessageIdKey = "$.mid";
    public const string CorrelationIdKey = "$.cid";
    public const string ContentTypeKey = "$.ct";
    public const string ContentEncodingKey = "$.ce";
    public const string OutputNameKey = "$.on";
    public const string ConnectionModuleIdKey = "$.cmid";

    /// <summary>The topic of <paramref name="message"/>: plain telemetry when <paramref name="outputName"/> is null, else an output event.</summary>
    public static string ForTelemetry(IotHubTopics topics, string? outputName, ModuleMessage message)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(message);
        var pairs = new List<KeyValuePair<string, string?>>();
        Add(pairs, OutputNameKey, outputName);
        Add(pairs, MessageIdKey, message.MessageId);
        Add(pairs, CorrelationIdKey, message.CorrelationId);
        Add(pairs, ContentTypeKey, message.ContentType);
        Add(pairs, ContentEncodingKey, message.ContentEncoding);
        foreach (var (name, value) in message.Properties)
        {
            pairs.Add(new(name, value));
        }

        var topic = topics.Telemetry + PropertyBag.Encode(pairs);
        return outputName is null ? topic : topic + "/";
    }

    /// <summary>Builds the message an input or C2D delivery carries: system properties from <c>$.</c> keys, the rest as application properties.</summary>
    public static ModuleMessage Parse(string propertyBag, ReadOnlyMemory<byte> body)
    {
        string? mid = null, cid = null, ct = null, ce = null, on = null, cmid = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in PropertyBag.Decode(propertyBag))
        {
            switch (name)
            {
                case MessageIdKey: mid = value; break;
                case CorrelationIdKey: cid = value; break;
                case ContentTypeKey: ct = value; break;
                case ContentEncodingKey: ce = value; break;
                case OutputNameKey: on = value; break;
                case ConnectionModuleIdKey: cmid = value; break;
                default:
                    if (!name.StartsWith("$.", StringComparison.Ordinal))
                    {
                        properties[name] = value ?? string.Empty;
                    }

                    break;
            }
        }

        return new ModuleMessage(body)
        {
            MessageId = mid,
            CorrelationId = cid,
            ContentType = ct,
            ContentEncoding = ce,
            OutputName = on,
            ConnectionModuleId = cmid,
            Properties = properties,
        };
    }

    private static void Add(List<KeyValuePair<string, string?>> pairs, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            pairs.Add(new(key, value));
        }
    }
}

using System.Globalization;

namespace EdgeCam.Edge.IotHub;

/// <summary>
/// The topics of the IoT Hub MQTT contract for one identity (a device, or a module of a device), as the official
/// SDKs use them. Device and module ids go into topics as they are; property bags are percent-encoded.
/// </summary>
public sealed class IotHubTopics
{
    public const string TwinResponseFilter = "$iothub/twin/res/#";
    public const string DesiredPatchFilter = "$iothub/twin/PATCH/properties/desired/#";
    public const string MethodRequestFilter = "$iothub/methods/POST/#";

    private const string TwinResponsePrefix = "$iothub/twin/res/";
    private const string DesiredPatchPrefix = "$iothub/twin/PATCH/properties/desired/";
    private const string MethodRequestPrefix = "$iothub/methods/POST/";

    public IotHubTopics(string deviceId, string? moduleId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        DeviceId = deviceId;
        ModuleId = string.IsNullOrEmpty(moduleId) ? null : moduleId;
        Telemetry = ModuleId is null ? $"devices/{DeviceId}/messages/events/" : $"devices/{DeviceId}/modules/{ModuleId}/messages/events/";
        InputPrefix = ModuleId is null ? null : $"devices/{DeviceId}/modules/{ModuleId}/inputs/";
        CloudToDevicePrefix = ModuleId is null ? $"devices/{DeviceId}/messages/devicebound/" : null;
    }

    public string DeviceId { get; }

    public string? ModuleId { get; }

    /// <summary>Telemetry (and, with <c>$.on</c>, module outputs) goes here, followed by the property bag.</summary>
    public string Telemetry { get; }

    /// <summary>Module inputs arrive under this prefix (null for a device).</summary>
    public string? InputPrefix { get; }

    /// <summary>Cloud-to-device messages arrive under this prefix (null for a module: modules get no C2D).</summary>
    public string? CloudToDevicePrefix { get; }

    /// <summary>The filter for module inputs, or null for a device.</summary>
    public string? InputFilter => InputPrefix is null ? null : InputPrefix + "#";

    /// <summary>The filter for C2D messages, or null for a module.</summary>
    public string? CloudToDeviceFilter => CloudToDevicePrefix is null ? null : CloudToDevicePrefix + "#";

    public static string TwinGet(string requestId) => $"$iothub/twin/GET/?$rid={requestId}";

    public static string ReportedPatch(string requestId) => $"$iothub/twin/PATCH/properties/reported/?$rid={requestId}";

    public static string MethodResponse(int status, string requestId) =>
        string.Create(CultureInfo.InvariantCulture, $"$iothub/methods/res/{status}/?$rid={requestId}");

    /// <summary>Says what an incoming topic is, with its parts; <see cref="IncomingKind.Unexpected"/> for anything else.</summary>
    public IncomingTopic Classify(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.StartsWith(TwinResponsePrefix, StringComparison.Ordinal))
        {
            // $iothub/twin/res/{status}/?$rid={rid}[&$version={v}]
            var (head, bag) = SplitQuery(topic[TwinResponsePrefix.Length..]);
            if (int.TryParse(head.TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out int status) && PropertyBag.Find(bag, "$rid") is { } rid)
            {
                return new IncomingTopic(IncomingKind.TwinResponse, topic) { Status = status, RequestId = rid, Version = ParseVersion(bag) };
            }
        }
        else if (topic.StartsWith(DesiredPatchPrefix, StringComparison.Ordinal))
        {
            var (_, bag) = SplitQuery(topic[DesiredPatchPrefix.Length..]);
            return new IncomingTopic(IncomingKind.DesiredPatch, topic) { Version = ParseVersion(bag) };
        }
        else if (topic.StartsWith(MethodRequestPrefix, StringComparison.Ordinal))
        {
            // $iothub/methods/POST/{name}/?$rid={rid}
            var (head, bag) = SplitQuery(topic[MethodRequestPrefix.Length..]);
            var name = head.TrimEnd('/');
            if (name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && PropertyBag.Find(bag, "$rid") is { } rid)
            {
                return new IncomingTopic(IncomingKind.MethodRequest, topic) { Name = name, RequestId = rid };
            }
        }
        else if (InputPrefix is not null && topic.StartsWith(InputPrefix, StringComparison.Ordinal))
        {
            // .../inputs/{input}/{bag}
            var rest = topic[InputPrefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? rest : rest[..slash];
            if (name.Length > 0)
            {
                return new IncomingTopic(IncomingKind.Input, topic) { Name = name, PropertyBag = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimEnd('/') };
            }
        }
        else if (CloudToDevicePrefix is not null && topic.StartsWith(CloudToDevicePrefix, StringComparison.Ordinal))
        {
            return new IncomingTopic(IncomingKind.CloudToDevice, topic) { PropertyBag = topic[CloudToDevicePrefix.Length..].TrimEnd('/') };
        }

        return new IncomingTopic(IncomingKind.Unexpected, topic);
    }

    private static (string Head, string Bag) SplitQuery(string rest)
    {
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rest, string.Empty) : (rest[..question], rest[(question + 1)..]);
    }

    private static long? ParseVersion(string bag) =>
        long.TryParse(PropertyBag.Find(bag, "$version"), NumberStyles.None, CultureInfo.InvariantCulture, out long version) ? version : null;
}

/// <summary>What kind of message arrived.</summary>
public enum IncomingKind
{
    Unexpected,
    TwinResponse,
    DesiredPatch,
    MethodRequest,
    Input,
    CloudToDevice,
}

/// <summary>An incoming topic, parsed: which parts are set depends on <see cref="Kind"/>.</summary>
public sealed record IncomingTopic(IncomingKind Kind, string Topic)
{
    /// <summary>Twin response status.</summary>
    public int Status { get; init; }

    /// <summary><c>$rid</c> of a twin response or method request.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>$version</c> of a twin response (reported PATCH) or desired patch, when given.</summary>
    public long? Version { get; init; }

    /// <summary>Method or input name.</summary>
    public string? Name { get; init; }

    /// <summary>The encoded property bag of an input or C2D message.</summary>
    public string PropertyBag { get; init; } = string.Empty;
}

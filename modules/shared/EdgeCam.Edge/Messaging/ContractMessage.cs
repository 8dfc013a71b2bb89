using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;

namespace EdgeCam.Edge.Messaging;

/// <summary>
/// Wraps a contract record into a <see cref="ModuleMessage"/> the way every EdgeCam message looks: UTF-8 JSON body,
/// <c>$.ct</c>/<c>$.ce</c> set, and the application properties routes filter on (messageType, schemaVersion, cameraId).
/// </summary>
public static class ContractMessage
{
    public const string JsonContentType = "application/json";
    public const string Utf8Encoding = "utf-8";

    /// <summary>Builds the message for <paramref name="contract"/>.</summary>
    public static ModuleMessage Create<T>(T contract, JsonTypeInfo<T> typeInfo, string messageType, string cameraId, string? messageId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageType);
        ArgumentException.ThrowIfNullOrWhiteSpace(cameraId);
        return new ModuleMessage(ContractJson.Serialize(contract, typeInfo))
        {
            MessageId = messageId,
            ContentType = JsonContentType,
            ContentEncoding = Utf8Encoding,
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MessageProperties.MessageType] = messageType,
                [MessageProperties.SchemaVersion] = Schema.Version.ToString(CultureInfo.InvariantCulture),
                [MessageProperties.CameraId] = cameraId,
            },
        };
    }

    /// <summary>The <c>messageType</c> application property, or null when the message has none.</summary>
    public static string? MessageType(this ModuleMessage message)
        => message.Properties.TryGetValue(MessageProperties.MessageType, out var type) ? type : null;

    /// <summary>Reads the body as <typeparamref name="T"/>; throws <see cref="ContractFormatException"/> naming the problem.</summary>
    public static T Read<T>(this ModuleMessage message, JsonTypeInfo<T> typeInfo) => ContractJson.Deserialize(message.Body.Span, typeInfo);
}

using System.Text;

namespace EdgeCam.Edge.Messaging;

/// <summary>
/// A message between modules or to the cloud: a body plus IoT Hub system properties and application properties.
/// The body of an EdgeCam message is UTF-8 JSON of a contract; video never travels in messages (256 KB limit).
/// </summary>
public sealed record ModuleMessage
{
    /// <summary>The largest message IoT Hub and edgeHub accept, body and properties together.</summary>
    public const int MaxSizeBytes = 256 * 1024;

    public ModuleMessage(ReadOnlyMemory<byte> body)
    {
        Body = body;
    }

    /// <summary>The payload.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>$.mid</c>: lets receivers drop duplicates of an at-least-once delivery.</summary>
    public string? MessageId { get; init; }

    /// <summary><c>$.cid</c>.</summary>
    public string? CorrelationId { get; init; }

    /// <summary><c>$.ct</c>, for example <c>application/json</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary><c>$.ce</c>, for example <c>utf-8</c>.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Set by the hub on delivery: the module that sent it (<c>$connectionModuleId</c>).</summary>
    public string? ConnectionModuleId { get; init; }

    /// <summary>Set by the hub on delivery: the output it was sent on (<c>$.on</c>).</summary>
    public string? OutputName { get; init; }

    /// <summary>Application properties: routes can filter on them with <c>WHERE</c>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The body as UTF-8 text (for logs and tests).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);
}

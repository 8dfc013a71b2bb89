using System.Text;

namespace EdgeCam.Edge.Messaging;

/// <summary>A direct method call: its name and JSON payload (possibly empty).</summary>
public sealed record MethodRequest(string Name, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The largest method payload IoT Hub accepts.</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>The answer to a direct method: an HTTP-like status and a JSON payload.</summary>
public sealed record MethodResponse(int Status, ReadOnlyMemory<byte> Payload)
{
    public static MethodResponse Json(int status, string json) => new(status, Encoding.UTF8.GetBytes(json));

    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}

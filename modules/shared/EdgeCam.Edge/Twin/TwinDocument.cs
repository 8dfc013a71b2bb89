using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>A module twin's properties. Both sections carry <c>$version</c> when the hub provides it.</summary>
public sealed record TwinDocument(JsonObject Desired, JsonObject Reported)
{
    /// <summary>The <c>$version</c> of the desired section, or 0 when absent.</summary>
    public long DesiredVersion => Desired.TryGetPropertyValue("$version", out var v) && v is JsonValue jv && jv.TryGetValue(out long l) ? l : 0;
}

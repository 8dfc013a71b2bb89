using System.Text.Json.Serialization;

namespace EdgeCam.Agent.Cameras;

/// <summary>One camera of the last <c>cameras discover</c>, as kept for <c>cameras add &lt;number&gt;</c>.</summary>
public sealed record DiscoveredCamera(string Address, string? Name, string? Hardware);

[JsonSerializable(typeof(List<DiscoveredCamera>))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class DiscoveredJson : JsonSerializerContext;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Messaging;

/// <summary>Reads the <c>$version</c> of a twin section or patch, whatever numeric type the JSON node holds.</summary>
public static class TwinVersion
{
    /// <summary>The property name that carries a twin section's version.</summary>
    public const string Key = "$version";

    /// <summary>The <c>$version</c>, or 0 when absent or not an integer.</summary>
    public static long Of(JsonObject section) =>
        section.TryGetPropertyValue(Key, out var node) && node is not null && node.GetValueKind() == JsonValueKind.Number
            && long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long version)
            ? version
            : 0;
}

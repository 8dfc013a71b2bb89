using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Messaging;

/// <summary>Desired properties handed to a module: either the full section (after a connect) or a patch.</summary>
/// <param name="Properties">The section or the patch, including <c>$version</c>.</param>
/// <param name="IsFullDocument">True for the full desired section, false for a patch to merge.</param>
public sealed record DesiredPropertiesUpdate(JsonObject Properties, bool IsFullDocument)
{
    /// <summary>The <c>$version</c>, or 0 when absent.</summary>
    public long Version => TwinVersion.Of(Properties);
}

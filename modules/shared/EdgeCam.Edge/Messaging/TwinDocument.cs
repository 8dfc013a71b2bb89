using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Messaging;

/// <summary>A module twin's properties. Both sections carry <c>$version</c> when the hub provides it.</summary>
public sealed record TwinDocument(JsonObject Desired, JsonObject Reported)
{
    /// <summary>The <c>$version</c> of the desired section, or 0 when absent.</summary>
    public long DesiredVersion => TwinVersion.Of(Desired);

    /// <summary>The <c>$version</c> of the reported section, or 0 when absent.</summary>
    public long ReportedVersion => TwinVersion.Of(Reported);
}

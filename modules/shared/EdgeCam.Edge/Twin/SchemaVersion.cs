using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>
/// The <c>schemaVersion</c> desired property: <c>"major.minor"</c>. Every module reads schema 1: any <c>1.x</c> is
/// accepted (minor versions only add settings with defaults), an absent one means 1.0, and another major is rejected,
/// because its settings may mean something else. Compare iotedge's <c>EdgeHubConfigParser</c>.
/// </summary>
public static class SchemaVersion
{
    /// <summary>The property name.</summary>
    public const string Name = "schemaVersion";

    /// <summary>The major version every module reads.</summary>
    public const int SupportedMajor = 1;

    /// <summary>The error for <paramref name="desired"/>'s <c>schemaVersion</c>, or null when it is absent or 1.x.</summary>
    public static SettingsError? Check(JsonObject desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!desired.TryGetPropertyValue(Name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String || !TryParseMajor(node.GetValue<string>(), out int major))
        {
            return new SettingsError(Name, $"must be a string \"major.minor\" such as \"{SupportedMajor}.0\", got {node.ToJsonString()}");
        }

        return major == SupportedMajor
            ? null
            : new SettingsError(Name, $"{node.ToJsonString()} is not supported: this module reads schema {SupportedMajor}.x");
    }

    private static bool TryParseMajor(string text, out int major)
    {
        major = 0;
        var parts = text.Split('.');
        return parts.Length == 2
            && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major);
    }
}

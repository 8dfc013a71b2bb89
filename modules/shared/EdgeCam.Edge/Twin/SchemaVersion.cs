using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>
/// The <c>schemaVersion</c> desired property: <c>"major.minor"</c> (a JSON number such as <c>1.0</c> or a bare major
/// <c>"1"</c> is read the same way). Every module reads schema 1: any <c>1.x</c> is
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

        string? text = node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => null,
        };
        if (text is null || !TryParseMajor(text, out int major))
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
        return parts.Length is 1 or 2
            && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major);
    }
}

using System.Reflection;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Twin;

/// <summary>Builds the reported properties a module writes about its desired properties and itself.</summary>
public static class DesiredStatus
{
    /// <summary>Status code for desired properties that were applied.</summary>
    public const int Applied = 200;

    /// <summary>Status code for desired properties that were rejected (the previous settings stay).</summary>
    public const int Rejected = 400;

    /// <summary><c>{"lastDesiredStatus": {"code", "description", "version"}}</c>.</summary>
    public static JsonObject Report(int code, string description, long version) => new()
    {
        ["lastDesiredStatus"] = new JsonObject
        {
            ["code"] = code,
            ["description"] = description,
            ["version"] = version,
        },
    };

    /// <summary>The informational version of <paramref name="assembly"/> (for example <c>1.2.0+3f2c1ab</c>), or its assembly version.</summary>
    public static string VersionOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return !string.IsNullOrEmpty(informational) ? informational : assembly.GetName().Version?.ToString() ?? "0.0.0";
    }
}

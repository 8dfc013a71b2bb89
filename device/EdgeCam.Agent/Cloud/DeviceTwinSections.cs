using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeCam.Agent.Cloud;

/// <summary>
/// The convention that lets one device twin configure every module the agent hosts: the device twin's desired
/// properties hold one object per module, named as in the deployment template
/// (<c>{ "CameraCapture": { "motion": { "threshold": 30 } }, "EventRouter": { … } }</c>); each is merged (JSON merge
/// patch) over that module's desired properties from the template. Other top-level keys are ignored. The last desired
/// section seen is cached on disk, so a restart without network starts with the cloud's settings.
/// </summary>
public static class DeviceTwinSections
{
    /// <summary>The cache's file name in the agent's data directory.</summary>
    public const string CacheFileName = "device-twin.json";

    /// <summary>The per-module objects of <paramref name="desired"/> for the modules in <paramref name="moduleNames"/>.</summary>
    public static Dictionary<string, JsonObject> Split(JsonObject desired, IEnumerable<string> moduleNames)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var sections = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var module in moduleNames)
        {
            if (desired[module] is JsonObject section)
            {
                sections[module] = section.DeepClone().AsObject();
            }
        }

        return sections;
    }

    /// <summary>The cached desired section, or an empty object when there is none or it is unreadable.</summary>
    public static JsonObject LoadCache(string path)
    {
        try
        {
            return File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject cached ? cached : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Writes the cache atomically (temp file, then rename).</summary>
    public static async Task SaveCacheAsync(string path, JsonObject desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, desired.ToJsonString(), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

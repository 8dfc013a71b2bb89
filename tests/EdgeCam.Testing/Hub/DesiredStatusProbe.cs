using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Testing.Hub;

/// <summary>
/// Binds a module's settings reader the way every module does (<see cref="TwinSettingsBinding.Create{T}"/>) on an
/// in-process hub, opens the client so the desired document is applied, and returns the <c>lastDesiredStatus</c> it
/// reported and the settings in force. For each module's twin-policy tests (unknown property, schemaVersion).
/// </summary>
public static class DesiredStatusProbe
{
    /// <summary>Applies <paramref name="desired"/> as module <paramref name="moduleId"/>'s full desired document.</summary>
    public static async Task<(int Code, string Description, T? Settings)> ApplyAsync<T>(string moduleId, Func<SettingsReader, T> read, JsonObject desired)
        where T : class
    {
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject> { [moduleId] = desired });
        var client = await hub.ClientAsync(moduleId);
        var binding = TwinSettingsBinding.Create(client, read, NullLogger.Instance);
        await client.OpenAsync(CancellationToken.None);
        var status = hub.Hub.GetReportedProperties(moduleId)["lastDesiredStatus"]!;
        return ((int)status["code"]!, status["description"]!.GetValue<string>(), binding.HasSettings ? binding.Current : null);
    }
}

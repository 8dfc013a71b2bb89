using System.Text.Json.Nodes;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

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

    /// <summary>
    /// The shared policy, checked for one module: <paramref name="document"/> (a valid desired document of the module)
    /// with <c>schemaVersion</c> <paramref name="schemaVersion"/> is applied with a 200.
    /// </summary>
    public static async Task AssertSchemaVersionAppliedAsync<T>(string moduleId, Func<SettingsReader, T> read, JsonObject document, string schemaVersion)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(document);
        document["schemaVersion"] = schemaVersion;

        var (code, description, _) = await ApplyAsync(moduleId, read, document);

        Assert.Equal((200, "applied"), (code, description));
    }

    /// <summary>The shared policy, checked for one module: <c>schemaVersion</c> 2.0 is a 400 naming it.</summary>
    public static async Task AssertSchemaVersionTwoRejectedAsync<T>(string moduleId, Func<SettingsReader, T> read, JsonObject document)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(document);
        document["schemaVersion"] = "2.0";

        var (code, description, _) = await ApplyAsync(moduleId, read, document);

        Assert.Equal((400, "schemaVersion \"2.0\" is not supported: this module reads schema 1.x"), (code, description));
    }

    /// <summary>The shared policy, checked for one module: the property at <paramref name="unknownPath"/> in <paramref name="document"/> is a 400 naming it.</summary>
    public static async Task AssertUnknownPropertyRejectedAsync<T>(string moduleId, Func<SettingsReader, T> read, JsonObject document, string unknownPath)
        where T : class
    {
        var (code, description, _) = await ApplyAsync(moduleId, read, document);

        Assert.Equal(400, code);
        Assert.StartsWith($"{unknownPath} is not a known setting (known here: ", description, StringComparison.Ordinal);
    }
}

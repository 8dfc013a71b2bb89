using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Diagnostics;

/// <summary>
/// The night-vision settings <c>doctor</c> checks, read from CameraCapture's desired properties: the module twin (a
/// file given to the module image's doctor) or, in the agent, the deployment template with the cached device twin over
/// it. <see cref="Settings"/> is null when the section does not parse; <see cref="Problem"/> then says why.
/// </summary>
/// <param name="Origin">Where the settings came from, for the lines (a file name).</param>
/// <param name="Section">The raw <c>nightVision</c> section (empty when absent).</param>
/// <param name="Settings">The parsed settings, or null.</param>
/// <param name="Problem">Why they did not parse and what to do (one line), or null.</param>
public sealed record NightVisionConfiguration(string Origin, JsonObject Section, NightVisionSettings? Settings, string? Problem)
{
    /// <summary>Reads the <c>nightVision</c> section of CameraCapture's desired properties as the module would.</summary>
    public static NightVisionConfiguration FromDesired(JsonObject desired, string origin)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        var section = desired[SettingNames.NightVision] as JsonObject ?? [];
        try
        {
            return new(origin, section, SettingsReader.Parse(section, NightVisionSettings.Read), null);
        }
        catch (SettingsValidationException ex)
        {
            return new(origin, section, null, $"{SettingNames.NightVision}: {ex.Message} ({origin}); fix it in CameraCapture's desired properties: the module answers 400 and keeps its previous settings.");
        }
    }

    /// <summary>
    /// Reads a file holding CameraCapture's desired properties: the object itself, or a module twin as
    /// <c>az iot hub module-twin show</c> prints it (<c>{"properties":{"desired":{…}}}</c>).
    /// </summary>
    public static NightVisionConfiguration FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonObject document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new JsonException("the file is not a JSON object");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return new(path, [], null, $"cannot read {path} ({ex.Message}); give a file with CameraCapture's desired properties, or its module twin, as JSON.");
        }

        var desired = document["properties"]?["desired"] as JsonObject ?? document;
        return FromDesired(desired, path);
    }
}

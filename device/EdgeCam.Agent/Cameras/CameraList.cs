using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Deployment;

namespace EdgeCam.Agent.Cameras;

/// <summary>
/// The agent's <c>cameras</c> setting: <c>&lt;data&gt;/cameras.json</c>, <c>{ "cameras": [ { "id", "source", "subStream" } ] }</c>.
/// When it lists cameras, the agent runs one CameraCapture module per camera instead of the template's own
/// (<see cref="CameraModules.ReplaceWith"/>). The file may hold stream URLs with credentials, so it is written
/// readable by its owner only.
/// </summary>
public static class CameraList
{
    /// <summary>The file name in the agent's data directory.</summary>
    public const string FileName = "cameras.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The cameras in <paramref name="path"/>; empty when the file does not exist.</summary>
    /// <exception cref="DeploymentTemplateException">The file is not a camera list, or an entry is invalid; the message names the file and the entry.</exception>
    public static IReadOnlyList<CameraEntry> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return [];
        }

        JsonArray cameras;
        try
        {
            cameras = JsonNode.Parse(File.ReadAllText(path))?["cameras"] as JsonArray
                ?? throw new DeploymentTemplateException($"{path}: expected {{ \"cameras\": [ ... ] }}");
        }
        catch (JsonException ex)
        {
            throw new DeploymentTemplateException($"{path}: not JSON ({ex.Message})", ex);
        }

        var entries = new List<CameraEntry>();
        foreach (var (node, index) in cameras.Select((n, i) => (n, i)))
        {
            var entry = new CameraEntry(Text(node, "id"), Text(node, "source"), node?["subStream"] is null ? null : Text(node, "subStream"));
            if (entry.Problem() is { } problem)
            {
                throw new DeploymentTemplateException($"{path}: cameras[{index}]: {problem}");
            }

            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Writes <paramref name="cameras"/> to <paramref name="path"/> (owner read/write only), replacing the file whole.</summary>
    public static void Write(string path, IReadOnlyList<CameraEntry> cameras)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(cameras);
        var list = new JsonArray();
        foreach (var camera in cameras)
        {
            var entry = new JsonObject { ["id"] = camera.Id, ["source"] = camera.Source };
            if (camera.SubStream is { } sub)
            {
                entry["subStream"] = sub;
            }

            list.Add(entry);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // A temporary file left by a crash would keep its mode: start from none, so the new file is owner-only.
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(new JsonObject { ["cameras"] = list }.ToJsonString(Indented) + "\n");
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The deployment template the agent runs: <paramref name="templatePath"/> as it is, or, when
    /// <paramref name="camerasPath"/> lists cameras, with one CameraCapture module per camera in place of its own.
    /// </summary>
    /// <exception cref="DeploymentTemplateException">The template or the camera list is invalid.</exception>
    public static DeploymentTemplate LoadTemplate(string templatePath, string camerasPath)
    {
        var cameras = Read(camerasPath);
        if (cameras.Count == 0)
        {
            return DeploymentTemplate.Load(templatePath);
        }

        // Read first as it is, so a missing or invalid template is reported as itself, not as the camera list's fault.
        DeploymentTemplate.Load(templatePath);
        var json = JsonNode.Parse(File.ReadAllText(templatePath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new DeploymentTemplateException($"{templatePath}: not a JSON object");
        return DeploymentTemplate.Parse(CameraModules.ReplaceWith(json, cameras).ToJsonString(), $"{templatePath} with {camerasPath}");
    }

    private static string Text(JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}

using System.Text;
using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Deployment;

/// <summary>
/// Adds cameras to a deployment template: each camera becomes a copy of the template's <c>CameraCapture</c> module
/// named <c>CameraCapture&lt;Id&gt;</c> (the same image), with a copy of every route from or to <c>CameraCapture</c>
/// pointing at the new module, and desired properties whose <c>cameraId</c>, <c>source</c> and <c>analysisSource</c> are
/// the camera's. A network camera's copy maps no host devices (no <c>/dev/video0</c>, GPIO or I2C, nor their groups).
/// Used by <c>edgecam-deploy add-camera</c> and <c>remove-camera</c> for IoT Edge and by the agent's <c>cameras</c> list.
/// </summary>
public static class CameraModules
{
    /// <summary>The template module every camera is copied from.</summary>
    public const string TemplateModule = "CameraCapture";

    /// <summary><c>CameraCapture</c> followed by the id's letters and digits, the first one upper-case: <c>porch-1</c> → <c>CameraCapturePorch1</c>.</summary>
    public static string ModuleName(string cameraId)
    {
        ArgumentNullException.ThrowIfNull(cameraId);
        var name = new StringBuilder(TemplateModule);
        foreach (var c in cameraId.Where(char.IsAsciiLetterOrDigit))
        {
            name.Append(name.Length == TemplateModule.Length ? char.ToUpperInvariant(c) : c);
        }

        return name.ToString();
    }

    /// <summary>A copy of <paramref name="template"/> with <paramref name="camera"/> added as its own CameraCapture module and routes.</summary>
    /// <exception cref="DeploymentTemplateException">The camera entry is invalid, the template has no CameraCapture module to copy, or the module name is taken.</exception>
    public static JsonObject Add(JsonObject template, CameraEntry camera)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.Problem() is { } problem)
        {
            throw new DeploymentTemplateException(problem);
        }

        var result = (JsonObject)template.DeepClone();
        var (content, modules, routes) = Parts(result);
        var original = modules[TemplateModule] as JsonObject
            ?? throw new DeploymentTemplateException($"the template has no '{TemplateModule}' module to copy for camera '{camera.Id}'");
        var name = ModuleName(camera.Id);
        if (modules.ContainsKey(name))
        {
            throw new DeploymentTemplateException($"camera '{camera.Id}': the template already has a module '{name}'");
        }

        var module = (JsonObject)original.DeepClone();
        if (IsNetworkCamera(camera.Source) && module["settings"]?["createOptions"]?["HostConfig"] is JsonObject hostConfig)
        {
            hostConfig.Remove("Devices");
            hostConfig.Remove("GroupAdd");
        }

        modules[name] = module;

        var desired = content[TemplateModule]?["properties.desired"]?.DeepClone() as JsonObject ?? [];
        desired["cameraId"] = camera.Id;
        desired["source"] = camera.Source;
        desired["analysisSource"] = camera.SubStream ?? string.Empty;
        content[name] = new JsonObject { ["properties.desired"] = desired };

        var from = $"/modules/{TemplateModule}/";
        var to = $"/modules/{name}/";
        foreach (var (routeName, route) in routes.ToList())
        {
            var text = route is JsonObject withOptions ? (string?)withOptions["route"] : route?.GetValue<string>();
            if (text is null || !text.Contains(from, StringComparison.Ordinal))
            {
                continue;
            }

            var copyName = routeName + name[TemplateModule.Length..];
            if (routes.ContainsKey(copyName))
            {
                throw new DeploymentTemplateException($"camera '{camera.Id}': the template already has a route '{copyName}'");
            }

            var copy = route!.DeepClone();
            if (copy is JsonObject copyWithOptions)
            {
                copyWithOptions["route"] = text.Replace(from, to, StringComparison.Ordinal);
            }
            else
            {
                copy = text.Replace(from, to, StringComparison.Ordinal);
            }

            routes[copyName] = copy;
        }

        return result;
    }

    /// <summary>
    /// A copy of <paramref name="template"/> running exactly <paramref name="cameras"/>: each added as by <see cref="Add"/>,
    /// then the template's own <c>CameraCapture</c> module, its desired properties and its routes removed.
    /// </summary>
    public static JsonObject ReplaceWith(JsonObject template, IReadOnlyList<CameraEntry> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        if (cameras.Count == 0)
        {
            throw new DeploymentTemplateException("the camera list is empty");
        }

        var duplicate = cameras.GroupBy(c => ModuleName(c.Id), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DeploymentTemplateException($"cameras {string.Join(" and ", duplicate.Select(c => $"'{c.Id}'"))} would share the module name '{duplicate.Key}'");
        }

        var result = template;
        foreach (var camera in cameras)
        {
            result = Add(result, camera);
        }

        RemoveModule(result, TemplateModule);
        return result;
    }

    /// <summary>
    /// A copy of <paramref name="template"/> without the camera <paramref name="cameraId"/>: its module
    /// (<see cref="ModuleName"/>), its desired properties and every route from or to it; what <see cref="Add"/> put in.
    /// </summary>
    /// <exception cref="DeploymentTemplateException">The template has no module for that camera (the message names the module).</exception>
    public static JsonObject Remove(JsonObject template, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(cameraId);
        var name = ModuleName(cameraId);
        if (name == TemplateModule)
        {
            throw new DeploymentTemplateException($"camera id '{cameraId}' has no letter or digit, so it names no camera module");
        }

        var result = (JsonObject)template.DeepClone();
        if (!Parts(result).Modules.ContainsKey(name))
        {
            throw new DeploymentTemplateException($"camera '{cameraId}': the template has no module '{name}' to remove");
        }

        RemoveModule(result, name);
        return result;
    }

    // The module, its desired properties and its routes (a route naming "/modules/<name>/", so CameraCapturePorch's
    // never matches CameraCapturePorch1's).
    private static void RemoveModule(JsonObject template, string name)
    {
        var (content, modules, routes) = Parts(template);
        modules.Remove(name);
        content.Remove(name);
        var path = $"/modules/{name}/";
        foreach (var (routeName, route) in routes.ToList())
        {
            var text = route is JsonObject withOptions ? (string?)withOptions["route"] : route?.GetValue<string>();
            if (text is not null && text.Contains(path, StringComparison.Ordinal))
            {
                routes.Remove(routeName);
            }
        }
    }

    private static (JsonObject Content, JsonObject Modules, JsonObject Routes) Parts(JsonObject template)
    {
        var content = template["modulesContent"] as JsonObject ?? throw new DeploymentTemplateException("the template has no 'modulesContent' object");
        var modules = content["$edgeAgent"]?["properties.desired"]?["modules"] as JsonObject
            ?? throw new DeploymentTemplateException("the template has no '$edgeAgent' modules");
        var routes = content["$edgeHub"]?["properties.desired"]?["routes"] as JsonObject
            ?? throw new DeploymentTemplateException("the template has no '$edgeHub' routes");
        return (content, modules, routes);
    }

    private static bool IsNetworkCamera(string source) =>
        source.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase);
}

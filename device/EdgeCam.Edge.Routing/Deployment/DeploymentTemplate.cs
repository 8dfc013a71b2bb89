using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Edge.Deployment;

/// <summary>
/// The parts of an IoT Edge deployment template (iotedgedev's deployment.template.json) that the agent runs from:
/// the module names (<c>$edgeAgent</c>), the routes (<c>$edgeHub</c>) and each module's desired properties.
/// Image fields and <c>${...}</c> placeholders are not read. A desired section may be written as the manifest key
/// <c>"properties.desired"</c> or as nested <c>"properties": { "desired": ... }</c>.
/// </summary>
public sealed class DeploymentTemplate
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly Dictionary<string, JsonObject> _desired;

    private DeploymentTemplate(IReadOnlyList<string> moduleNames, RouteTable routes, Dictionary<string, JsonObject> desired)
    {
        ModuleNames = moduleNames;
        Routes = routes;
        _desired = desired;
    }

    /// <summary>The custom modules of <c>$edgeAgent</c>, in manifest order.</summary>
    public IReadOnlyList<string> ModuleNames { get; }

    /// <summary>The <c>$edgeHub</c> routes.</summary>
    public RouteTable Routes { get; }

    /// <summary>Reads and parses a template file.</summary>
    /// <exception cref="DeploymentTemplateException">The file is missing or invalid; the message says where.</exception>
    public static DeploymentTemplate Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DeploymentTemplateException($"{path}: the deployment template does not exist", ex);
        }

        return Parse(json, path);
    }

    /// <summary>Parses template JSON; <paramref name="sourceName"/> prefixes error messages.</summary>
    public static DeploymentTemplate Parse(string json, string sourceName = "deployment.template.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new DeploymentTemplateException(
                $"{sourceName}: invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        var content = Section(root as JsonObject, "modulesContent", sourceName, "modulesContent");
        var agent = Desired(Section(content, "$edgeAgent", sourceName, "modulesContent.$edgeAgent"), sourceName, "$edgeAgent");
        var modules = Section(agent, "modules", sourceName, "modulesContent.$edgeAgent.properties.desired.modules");
        var hub = Desired(Section(content, "$edgeHub", sourceName, "modulesContent.$edgeHub"), sourceName, "$edgeHub");
        var routesJson = Section(hub, "routes", sourceName, "modulesContent.$edgeHub.properties.desired.routes");

        RouteTable routes;
        try
        {
            routes = RouteTable.Parse(routesJson);
        }
        catch (RouteSyntaxException ex)
        {
            throw new DeploymentTemplateException($"{sourceName}: {ex.Message}", ex);
        }

        var names = modules.Select(kv => kv.Key).ToList();
        var desired = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            var section = content[name] is JsonObject moduleContent
                ? Desired(moduleContent, sourceName, name)
                : [];
            var copy = (JsonObject)section.DeepClone();
            if (!copy.ContainsKey(TwinVersion.Key))
            {
                copy[TwinVersion.Key] = 1L;
            }

            desired[name] = copy;
        }

        var stray = content.Select(kv => kv.Key).FirstOrDefault(k => !k.StartsWith('$') && !desired.ContainsKey(k));
        if (stray is not null)
        {
            throw new DeploymentTemplateException(
                $"{sourceName}: modulesContent.{stray} has desired properties but $edgeAgent has no module '{stray}' (modules: {string.Join(", ", names)})");
        }

        return new DeploymentTemplate(names, routes, desired);
    }

    /// <summary>A copy of the desired properties of <paramref name="moduleName"/> (with <c>$version</c>; 1 when the template has none).</summary>
    public JsonObject DesiredPropertiesOf(string moduleName) =>
        _desired.TryGetValue(moduleName, out var desired)
            ? (JsonObject)desired.DeepClone()
            : throw new KeyNotFoundException($"the deployment has no module '{moduleName}' (modules: {string.Join(", ", ModuleNames)})");

    /// <summary>Copies of every module's desired properties, by module name.</summary>
    public IReadOnlyDictionary<string, JsonObject> DesiredProperties() =>
        _desired.ToDictionary(kv => kv.Key, kv => (JsonObject)kv.Value.DeepClone(), StringComparer.Ordinal);

    private static JsonObject Desired(JsonObject moduleContent, string sourceName, string moduleName)
    {
        if (moduleContent["properties.desired"] is JsonObject flat)
        {
            return flat;
        }

        if (moduleContent["properties"] is JsonObject properties && properties["desired"] is JsonObject nested)
        {
            return nested;
        }

        throw new DeploymentTemplateException($"{sourceName}: modulesContent.{moduleName} has no \"properties.desired\" object");
    }

    private static JsonObject Section(JsonObject? parent, string name, string sourceName, string path) =>
        parent?[name] as JsonObject ?? throw new DeploymentTemplateException($"{sourceName}: missing object {path}");
}

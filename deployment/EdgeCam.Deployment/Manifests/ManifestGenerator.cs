using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeCam.Deployment.Manifests;

/// <summary>
/// Turns <c>deployment.template.json</c> into the manifests an operator deploys:
/// <list type="bullet">
/// <item>a <b>base</b> deployment: the whole device (runtime, edgeAgent and edgeHub, the EdgeCam modules, routes and
/// twin defaults), as <c>iotedgedev genconfig</c> would write it;</item>
/// <item>a <b>layer</b> (the canary): the EdgeCam modules at a new image version, their routes and their twin sections
/// as dotted keys, so that it merges over the base on the devices it targets and the base stays the fallback.</item>
/// </list>
/// Placeholders are expanded (<c>${MODULES.Folder}</c> from module.json, <c>$VAR</c>/<c>${VAR}</c> from the
/// variables) and <c>createOptions</c> is stringified and chunked.
/// </summary>
public static partial class ManifestGenerator
{
    /// <summary>The base deployment.</summary>
    /// <exception cref="ManifestException">A placeholder has no value, or a module.json is missing or incomplete.</exception>
    public static JsonObject Base(JsonObject template, ModuleImages images, ManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        var content = template["modulesContent"]?.DeepClone() as JsonObject
            ?? throw new ManifestException("the template has no 'modulesContent' object");
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var expanded = (JsonObject)Expand(content, images, options, missing)!;
        if (missing.Count > 0)
        {
            throw new ManifestException($"the template uses {string.Join(", ", missing)}, which {(missing.Count == 1 ? "has" : "have")} no value: set {(missing.Count == 1 ? "it" : "them")} in the environment or in .env");
        }

        var agent = expanded["$edgeAgent"]?["properties.desired"] as JsonObject
            ?? throw new ManifestException("the template has no '$edgeAgent' desired properties");
        foreach (var group in new[] { "systemModules", "modules" })
        {
            foreach (var (_, module) in agent[group] as JsonObject ?? [])
            {
                if (module?["settings"] is JsonObject settings)
                {
                    CreateOptionsChunks.Stringify(settings);
                }
            }
        }

        return new JsonObject { ["modulesContent"] = expanded };
    }

    /// <summary>
    /// The layer of the EdgeCam modules (those whose image comes from a module.json) over <paramref name="template"/>,
    /// with dotted keys as a layered deployment requires.
    /// </summary>
    public static JsonObject Layer(JsonObject template, ModuleImages images, ManifestOptions options)
    {
        var content = (JsonObject)Base(template, images, options)["modulesContent"]!;
        var desired = (JsonObject)content["$edgeAgent"]!["properties.desired"]!;
        var agentLayer = new JsonObject();
        var moduleNames = new List<string>();
        foreach (var (name, module) in desired["modules"] as JsonObject ?? [])
        {
            agentLayer[$"properties.desired.modules.{name}"] = module?.DeepClone();
            moduleNames.Add(name);
        }

        var hubLayer = new JsonObject();
        foreach (var (name, route) in content["$edgeHub"]?["properties.desired"]?["routes"] as JsonObject ?? [])
        {
            hubLayer[$"properties.desired.routes.{name}"] = route?.DeepClone();
        }

        // A layer's "$edgeAgent" must be present even when empty; twin sections merge (dotted) rather than overwrite.
        var layer = new JsonObject { ["$edgeAgent"] = agentLayer, ["$edgeHub"] = hubLayer };
        foreach (var name in moduleNames)
        {
            if (content[name]?["properties.desired"] is JsonObject twin)
            {
                var sections = new JsonObject();
                foreach (var (section, value) in twin)
                {
                    sections[$"properties.desired.{section}"] = value?.DeepClone();
                }

                layer[name] = sections;
            }
        }

        return new JsonObject { ["modulesContent"] = layer };
    }

    private static JsonNode? Expand(JsonNode? node, ModuleImages images, ManifestOptions options, ISet<string> missing)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Expand(value, images, options, missing);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Expand(item, images, options, missing))]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(ExpandText(text, images, options, missing));
            default:
                return node?.DeepClone();
        }
    }

    private static string ExpandText(string text, ModuleImages images, ManifestOptions options, ISet<string> missing)
    {
        string Variable(string name)
        {
            if (options.Variables.TryGetValue(name, out var value))
            {
                return value;
            }

            missing.Add("$" + name);
            return "$" + name;
        }

        return Placeholder().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["bare"].Value;
            if (name.StartsWith("MODULES.", StringComparison.Ordinal))
            {
                var parts = name.Split('.');
                var platform = parts.Length > 2 ? parts[2] : options.Platform;
                return images.ImageOf(parts[1], options with { Platform = platform }, t => ExpandText(t, images, options, missing));
            }

            return Variable(name);
        });
    }

    // ${NAME} or ${MODULES.Folder[.platform]}, and $NAME in capitals (so $upstream, $edgeAgent or $body.x stay as they are).
    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_.]*)\}|\$(?<bare>[A-Z_][A-Z0-9_]*)(?![A-Za-z0-9_])")]
    private static partial Regex Placeholder();
}

using System.Text;
using System.Text.Json.Nodes;
using EdgeCam.Deployment.Manifests;
using EdgeCam.Edge.Routing;

namespace EdgeCam.Deployment.Validation;

/// <summary>
/// Checks a deployment manifest, base or layered, against the rules IoT Hub and edgeAgent/edgeHub apply (see
/// <c>deployment/README.md</c>): schema versions, module fields and their enumerations, stringified and chunked
/// <c>createOptions</c>, unresolved placeholders, route names, syntax and sinks, the dotted keys of a layer, and the
/// twin size limits. Each problem is one line naming where it is.
/// </summary>
public static class ManifestValidator
{
    /// <summary>The limit of one module twin's desired properties.</summary>
    public const int MaxDesiredBytes = 32 * 1024;

    /// <summary>The limit of one property value.</summary>
    public const int MaxValueBytes = 4 * 1024;

    /// <summary>Modules a deployment may hold.</summary>
    public const int MaxModules = 50;

    private static readonly HashSet<string> AgentSchemas = ["1.0", "1.1"];
    private static readonly HashSet<string> HubSchemas = ["1.0", "1.1", "1.2", "1.3"];
    private static readonly HashSet<string> RestartPolicies = ["never", "on-failure", "on-unhealthy", "always"];
    private static readonly HashSet<string> Statuses = ["running", "stopped"];
    private static readonly HashSet<string> PullPolicies = ["on-create", "never"];
    private const string Desired = "properties.desired";

    /// <summary>
    /// The problems of <paramref name="manifest"/> (empty when it is valid). A layer's routes may name modules of
    /// <paramref name="baseManifest"/>.
    /// </summary>
    public static IReadOnlyList<string> Validate(JsonObject manifest, JsonObject? baseManifest = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        if (manifest["modulesContent"] is not JsonObject content)
        {
            return ["modulesContent: missing (a manifest is { \"modulesContent\": { \"$edgeAgent\": ..., \"$edgeHub\": ... } })"];
        }

        if (content["$edgeAgent"] is not JsonObject agent)
        {
            return ["modulesContent.$edgeAgent: missing (a layer must have it too, even empty)"];
        }

        CheckPlaceholders(content, "modulesContent", problems);
        bool layered = agent.Any(kv => kv.Key.StartsWith(Desired + ".", StringComparison.Ordinal)) || agent.Count == 0;
        var modules = layered ? CheckLayerAgent(agent, problems) : CheckBaseAgent(agent, problems);
        if (baseManifest?["modulesContent"]?["$edgeAgent"]?[Desired]?["modules"] is JsonObject baseModules)
        {
            modules.UnionWith(baseModules.Select(kv => kv.Key));
        }

        var routes = content["$edgeHub"] is JsonObject hub ? RoutesOf(hub, layered, problems) : [];
        if (!layered && content["$edgeHub"] is null)
        {
            problems.Add("modulesContent.$edgeHub: missing (a base deployment needs edgeHub's routes)");
        }

        foreach (var (name, value) in routes)
        {
            CheckRoute(name, value, modules, problems);
        }

        foreach (var (name, twin) in content.Where(kv => !kv.Key.StartsWith('$')))
        {
            CheckModuleTwin(name, twin, layered, modules, problems);
        }

        return problems;
    }

    private static HashSet<string> CheckBaseAgent(JsonObject agent, List<string> problems)
    {
        var modules = new HashSet<string>(StringComparer.Ordinal);
        if (agent[Desired] is not JsonObject desired)
        {
            problems.Add($"$edgeAgent.{Desired}: missing");
            return modules;
        }

        CheckSize("$edgeAgent", desired, problems);
        if (!AgentSchemas.Contains((string?)Scalar(desired["schemaVersion"]) ?? ""))
        {
            problems.Add($"$edgeAgent.schemaVersion: '{desired["schemaVersion"]}' is not one edgeAgent accepts ({string.Join(", ", AgentSchemas)})");
        }

        if ((string?)Scalar(desired["runtime"]?["type"]) != "docker")
        {
            problems.Add("$edgeAgent.runtime.type: must be \"docker\"");
        }

        foreach (var system in new[] { "edgeAgent", "edgeHub" })
        {
            if (desired["systemModules"]?[system] is JsonObject module)
            {
                CheckModule($"$edgeAgent.systemModules.{system}", module, isSystem: true, problems);
            }
            else
            {
                problems.Add($"$edgeAgent.systemModules.{system}: missing");
            }
        }

        foreach (var (name, module) in desired["modules"] as JsonObject ?? [])
        {
            modules.Add(name);
            CheckModule($"$edgeAgent.modules.{name}", module as JsonObject, isSystem: false, problems);
        }

        if (modules.Count > MaxModules)
        {
            problems.Add($"$edgeAgent.modules: {modules.Count} modules, more than the {MaxModules} a deployment may hold");
        }

        return modules;
    }

    private static HashSet<string> CheckLayerAgent(JsonObject agent, List<string> problems)
    {
        var modules = new HashSet<string>(StringComparer.Ordinal);
        const string prefix = Desired + ".modules.";
        foreach (var (key, value) in agent)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                var name = key[prefix.Length..];
                modules.Add(name);
                CheckModule($"$edgeAgent.{key}", value as JsonObject, isSystem: false, problems);
            }
            else if (!key.StartsWith(Desired + ".", StringComparison.Ordinal))
            {
                problems.Add($"$edgeAgent.{key}: a layer sets dotted paths under '{Desired}.' (e.g. '{prefix}<name>')");
            }
        }

        return modules;
    }

    private static void CheckModule(string where, JsonObject? module, bool isSystem, List<string> problems)
    {
        if (module is null)
        {
            problems.Add($"{where}: must be an object");
            return;
        }

        if ((string?)Scalar(module["type"]) != "docker")
        {
            problems.Add($"{where}.type: must be \"docker\"");
        }

        if (!isSystem && string.IsNullOrEmpty((string?)Scalar(module["version"])))
        {
            problems.Add($"{where}.version: missing (a string; bump it, or the image tag, for edgeAgent to redeploy)");
        }

        CheckEnum(where, module, "status", Statuses, required: !isSystem || module.ContainsKey("status"), problems);
        CheckEnum(where, module, "restartPolicy", RestartPolicies, required: !isSystem || module.ContainsKey("restartPolicy"), problems);
        CheckEnum(where, module, "imagePullPolicy", PullPolicies, required: false, problems);
        if (module["startupOrder"] is JsonNode order && !(order is JsonValue v && v.TryGetValue<long>(out var n) && n is >= 0 and <= uint.MaxValue))
        {
            problems.Add($"{where}.startupOrder: '{order.ToJsonString()}' is not an unsigned integer");
        }

        if (module["settings"] is not JsonObject settings || string.IsNullOrWhiteSpace((string?)Scalar(settings["image"])))
        {
            problems.Add($"{where}.settings.image: missing");
        }
        else
        {
            CheckCreateOptions(where, settings, problems);
        }

        foreach (var (name, value) in module["env"] as JsonObject ?? [])
        {
            if (value is not JsonObject { } env || !env.ContainsKey("value"))
            {
                problems.Add($"{where}.env.{name}: must be {{ \"value\": ... }}");
            }
        }
    }

    private static void CheckCreateOptions(string where, JsonObject settings, List<string> problems)
    {
        if (!settings.ContainsKey("createOptions"))
        {
            return;
        }

        if (settings["createOptions"] is not JsonValue)
        {
            problems.Add($"{where}.settings.createOptions: must be a string (the Docker create body, stringified)");
            return;
        }

        int count = 0;
        for (; settings[CreateOptionsChunks.NameOf(count)] is JsonNode chunk; count++)
        {
            var length = ((string?)Scalar(chunk))?.Length ?? 0;
            if (length > CreateOptionsChunks.ChunkLength)
            {
                problems.Add($"{where}.settings.{CreateOptionsChunks.NameOf(count)}: {length} characters, more than {CreateOptionsChunks.ChunkLength} per value");
            }
        }

        if (count > CreateOptionsChunks.MaxChunks)
        {
            problems.Add($"{where}.settings: createOptions in {count} chunks, more than the {CreateOptionsChunks.MaxChunks} the tools allow");
        }

        var stray = settings.Select(kv => kv.Key)
            .Where(k => k.StartsWith("createOptions", StringComparison.Ordinal) && !Enumerable.Range(0, count).Any(i => CreateOptionsChunks.NameOf(i) == k));
        foreach (var key in stray)
        {
            problems.Add($"{where}.settings.{key}: a chunk out of sequence (chunks are createOptions, createOptions01, 02, ... without gaps)");
        }

        try
        {
            if (JsonNode.Parse(CreateOptionsChunks.Join(settings) ?? "") is not JsonObject)
            {
                problems.Add($"{where}.settings.createOptions: the joined chunks are not a JSON object");
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            problems.Add($"{where}.settings.createOptions: the joined chunks are not JSON ({ex.Message})");
        }
    }

    private static List<(string Name, JsonNode? Value)> RoutesOf(JsonObject hub, bool layered, List<string> problems)
    {
        const string prefix = Desired + ".routes.";
        if (layered)
        {
            var routes = new List<(string, JsonNode?)>();
            foreach (var (key, value) in hub)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    routes.Add((key[prefix.Length..], value));
                }
                else if (!key.StartsWith(Desired + ".", StringComparison.Ordinal))
                {
                    problems.Add($"$edgeHub.{key}: a layer sets dotted paths under '{Desired}.' (e.g. '{prefix}<name>')");
                }
            }

            return routes;
        }

        if (hub[Desired] is not JsonObject desired)
        {
            problems.Add($"$edgeHub.{Desired}: missing");
            return [];
        }

        if (!HubSchemas.Contains((string?)Scalar(desired["schemaVersion"]) ?? ""))
        {
            problems.Add($"$edgeHub.schemaVersion: '{desired["schemaVersion"]}' is not one edgeHub accepts ({string.Join(", ", HubSchemas)})");
        }

        if (desired["storeAndForwardConfiguration"]?["timeToLiveSecs"] is JsonNode ttl && !(ttl is JsonValue t && t.TryGetValue<long>(out var s) && s > 0))
        {
            problems.Add($"$edgeHub.storeAndForwardConfiguration.timeToLiveSecs: '{ttl.ToJsonString()}' is not a positive integer");
        }

        return [.. (desired["routes"] as JsonObject ?? []).Select(kv => (kv.Key, kv.Value))];
    }

    private static void CheckRoute(string name, JsonNode? value, HashSet<string> modules, List<string> problems)
    {
        try
        {
            var route = RouteParser.Parse(name, value);
            if (route.Sink is ModuleInputSink sink && !modules.Contains(sink.ModuleId))
            {
                problems.Add($"$edgeHub.routes.{name}: sends to module '{sink.ModuleId}', which this deployment does not run");
            }

            if (route.Source.ModuleId is { } from && !from.Contains('*', StringComparison.Ordinal) && !modules.Contains(from))
            {
                problems.Add($"$edgeHub.routes.{name}: takes messages from module '{from}', which this deployment does not run");
            }
        }
        catch (RouteSyntaxException ex)
        {
            problems.Add($"$edgeHub.routes.{name}: {ex.Message}");
        }
    }

    private static void CheckModuleTwin(string name, JsonNode? twin, bool layered, HashSet<string> modules, List<string> problems)
    {
        if (twin is not JsonObject sections)
        {
            problems.Add($"{name}: must be an object");
            return;
        }

        if (!modules.Contains(name))
        {
            problems.Add($"{name}: desired properties for a module this deployment does not run");
        }

        foreach (var (key, value) in sections)
        {
            if (key != Desired && !(layered && key.StartsWith(Desired + ".", StringComparison.Ordinal)))
            {
                problems.Add($"{name}.{key}: expected '{Desired}'{(layered ? $" or '{Desired}.<section>'" : "")}");
            }

            if (key == Desired && layered)
            {
                problems.Add($"{name}.{Desired}: in a layer this replaces every lower layer's twin of the module; set '{Desired}.<section>' to merge");
            }
        }

        CheckSize(name, sections, problems);
    }

    private static void CheckSize(string where, JsonObject desired, List<string> problems)
    {
        var bytes = Encoding.UTF8.GetByteCount(desired.ToJsonString());
        if (bytes > MaxDesiredBytes)
        {
            problems.Add($"{where}: desired properties of {bytes} bytes, more than the {MaxDesiredBytes} a module twin holds");
        }
    }

    private static void CheckEnum(string where, JsonObject module, string field, HashSet<string> allowed, bool required, List<string> problems)
    {
        var value = (string?)Scalar(module[field]);
        if (value is null ? required : !allowed.Contains(value))
        {
            problems.Add($"{where}.{field}: '{value ?? "(missing)"}' is not one of {string.Join(", ", allowed)}");
        }
    }

    private static void CheckPlaceholders(JsonNode? node, string where, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    CheckPlaceholders(value, $"{where}.{key}", problems);
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    CheckPlaceholders(array[i], $"{where}[{i}]", problems);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                if (text.Contains("${", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: unresolved placeholder in '{text}'");
                }

                if (Encoding.UTF8.GetByteCount(text) > MaxValueBytes)
                {
                    problems.Add($"{where}: a value of {Encoding.UTF8.GetByteCount(text)} bytes, more than the {MaxValueBytes} a twin value holds");
                }

                break;
        }
    }

    private static JsonValue? Scalar(JsonNode? node) => node as JsonValue;
}

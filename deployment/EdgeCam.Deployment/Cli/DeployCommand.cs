using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeCam.Deployment.Manifests;
using EdgeCam.Edge.Deployment;
using EdgeCam.Deployment.Validation;

namespace EdgeCam.Deployment.Cli;

/// <summary>
/// <c>edgecam-deploy base|canary|validate|add-camera|remove-camera</c>: writes the base deployment or the canary layer
/// from the template, validates a manifest, or adds a camera (its CameraCapture module and routes) to a template or
/// removes one. Every failure is one line on stderr and exit code 2 (bad input) or 1 (invalid manifest).
/// </summary>
public static class DeployCommand
{
    public const string Usage = """
        usage: edgecam-deploy base   --platform amd64|arm64v8 [--version V] [--template F] [--modules D] [--env F] --out F
               edgecam-deploy canary --platform amd64|arm64v8 --version V [--template F] [--modules D] [--env F] --out F
               edgecam-deploy validate F [--base F]
               edgecam-deploy add-camera --id ID --source URL [--sub-stream URL] [--template F] --out F
               edgecam-deploy remove-camera --id ID [--template F] --out F
        """;

    /// <summary>Runs the command; <paramref name="environment"/> supplies the template's $VAR values (after --env's file).</summary>
    public static int Run(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var (verb, options) = Parse(args);
            return verb switch
            {
                "validate" => Validate(options, stdout, stderr),
                "base" or "canary" => Generate(verb, options, environment, stdout, stderr),
                "add-camera" => AddCamera(options, stdout),
                "remove-camera" => RemoveCamera(options, stdout),
                _ => throw new ArgumentException($"unknown command '{verb}'"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or ManifestException or IOException or JsonException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"edgecam-deploy: {ex.Message}");
            stderr.WriteLine(Usage);
            return 2;
        }
    }

    private static int Generate(string verb, Dictionary<string, string> options, IReadOnlyDictionary<string, string> environment, TextWriter stdout, TextWriter stderr)
    {
        var platform = Required(options, "--platform");
        if (!ManifestOptions.Platforms.Contains(platform, StringComparer.Ordinal))
        {
            throw new ArgumentException($"--platform '{platform}' is not one of {string.Join(", ", ManifestOptions.Platforms)}");
        }

        var version = verb == "canary" ? Required(options, "--version") : options.GetValueOrDefault("--version");
        var templatePath = options.GetValueOrDefault("--template") ?? "deployment.template.json";
        var modulesPath = options.GetValueOrDefault("--modules") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath))!, "modules");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var envFile = options.GetValueOrDefault("--env") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath))!, ".env");
        if (File.Exists(envFile))
        {
            foreach (var (key, value) in DotEnv.Read(envFile))
            {
                variables[key] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        var template = JsonNode.Parse(File.ReadAllText(templatePath)) as JsonObject
            ?? throw new ManifestException($"{templatePath}: not a JSON object");
        var images = ModuleImages.Read(modulesPath);
        var manifestOptions = new ManifestOptions(platform, version, variables);
        var manifest = verb == "base" ? ManifestGenerator.Base(template, images, manifestOptions) : ManifestGenerator.Layer(template, images, manifestOptions);
        var problems = ManifestValidator.Validate(manifest, verb == "canary" ? ManifestGenerator.Base(template, images, manifestOptions) : null);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine($"edgecam-deploy: generated {verb} manifest: {problem}");
            }

            return 1;
        }

        var output = Required(options, "--out");
        File.WriteAllText(output, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        stdout.WriteLine($"wrote {output} ({verb}, {platform})");
        stdout.WriteLine(verb == "base"
            ? $"deploy: az iot edge deployment create -n <hub> -d edgecam-base-<date> --content {output} --target-condition \"tags.edgecam='camera'\" --priority 10"
            : $"deploy: az iot edge deployment create -n <hub> -d edgecam-canary-{version} --layered --content {output} --target-condition \"tags.edgecam='camera' and tags.ring='canary'\" --priority 20");
        return 0;
    }

    // The template with one more camera; checked by the agent's template reader (module names, desired sections, every
    // route's syntax), and in full by the base command's validator when the manifest is generated from it.
    private static int AddCamera(Dictionary<string, string> options, TextWriter stdout)
    {
        var camera = new CameraEntry(Required(options, "--id"), Required(options, "--source"), options.GetValueOrDefault("--sub-stream"));
        var output = ChangeTemplate(options, template => CameraModules.Add(template, camera));
        stdout.WriteLine($"wrote {output}: camera '{camera.Id}' as module {CameraModules.ModuleName(camera.Id)} with its routes; generate the manifest with: edgecam-deploy base --template {output} ...");
        return 0;
    }

    // The template without a camera add-camera put in: its module, desired properties and routes.
    private static int RemoveCamera(Dictionary<string, string> options, TextWriter stdout)
    {
        var id = Required(options, "--id");
        var output = ChangeTemplate(options, template => CameraModules.Remove(template, id));
        stdout.WriteLine($"wrote {output}: camera '{id}' (module {CameraModules.ModuleName(id)}) and its routes removed; generate the manifest with: edgecam-deploy base --template {output} ...");
        return 0;
    }

    // Reads --template, applies the change, checks the result with the agent's template reader and writes it to --out.
    private static string ChangeTemplate(Dictionary<string, string> options, Func<JsonObject, JsonObject> change)
    {
        var templatePath = options.GetValueOrDefault("--template") ?? "deployment.template.json";
        var template = JsonNode.Parse(File.ReadAllText(templatePath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new ManifestException($"{templatePath}: not a JSON object");
        JsonObject changed;
        try
        {
            changed = change(template);
        }
        catch (DeploymentTemplateException ex)
        {
            throw new ManifestException($"{templatePath}: {ex.Message}");
        }

        var text = changed.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        try
        {
            DeploymentTemplate.Parse(text, templatePath);
        }
        catch (DeploymentTemplateException ex)
        {
            throw new ManifestException(ex.Message);
        }

        var output = Required(options, "--out");
        File.WriteAllText(output, text);
        return output;
    }

    private static int Validate(Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        var path = Required(options, "");
        var manifest = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ManifestException($"{path}: not a JSON object");
        var baseManifest = options.TryGetValue("--base", out var basePath) ? JsonNode.Parse(File.ReadAllText(basePath)) as JsonObject : null;
        var problems = ManifestValidator.Validate(manifest, baseManifest);
        foreach (var problem in problems)
        {
            stderr.WriteLine($"{path}: {problem}");
        }

        if (problems.Count == 0)
        {
            stdout.WriteLine($"{path}: valid");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    // The verb, then "--name value" pairs; one bare argument after the verb is stored under "".
    private static (string Verb, Dictionary<string, string> Options) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("no command given");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{args[i]} needs a value");
                }

                options[args[i]] = args[++i];
            }
            else if (!options.TryAdd("", args[i]))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        return (args[0], options);
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException(name.Length == 0 ? "which manifest? (a file name)" : $"{name} is required");
}

using System.Text.Json.Nodes;

namespace EdgeCam.Deployment.Manifests;

/// <summary>
/// The image of each module folder, named as iotedgedev names it: <c>{repository}:{version}-{platform}</c>, with the
/// repository (lower case) and version from <c>modules/&lt;Folder&gt;/module.json</c>.
/// </summary>
public sealed class ModuleImages
{
    private readonly Dictionary<string, (string Repository, string Version, IReadOnlyList<string> Platforms)> _modules;

    private ModuleImages(Dictionary<string, (string, string, IReadOnlyList<string>)> modules) => _modules = modules;

    /// <summary>Reads every <c>module.json</c> under <paramref name="modulesDirectory"/>.</summary>
    /// <exception cref="ManifestException">A module.json lacks the repository, version or platforms.</exception>
    public static ModuleImages Read(string modulesDirectory)
    {
        var modules = new Dictionary<string, (string, string, IReadOnlyList<string>)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(modulesDirectory, "module.json", SearchOption.AllDirectories))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(file)!);
            var image = JsonNode.Parse(File.ReadAllText(file))?["image"];
            var repository = (string?)image?["repository"] ?? throw new ManifestException($"{file}: image.repository is missing");
            var version = (string?)image?["tag"]?["version"] ?? throw new ManifestException($"{file}: image.tag.version is missing");
            var platforms = image?["tag"]?["platforms"]?.AsObject().Select(p => p.Key).ToList()
                ?? throw new ManifestException($"{file}: image.tag.platforms is missing");
            modules[folder] = (repository, version, platforms);
        }

        return new ModuleImages(modules);
    }

    /// <summary>The module folders found.</summary>
    public IReadOnlyCollection<string> Folders => _modules.Keys;

    /// <summary>The image of <paramref name="folder"/> for the options' platform and version, placeholders expanded.</summary>
    public string ImageOf(string folder, ManifestOptions options, Func<string, string> expand)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(expand);
        if (!_modules.TryGetValue(folder, out var module))
        {
            throw new ManifestException($"the template names ${{MODULES.{folder}}}, but modules/{folder}/module.json does not exist");
        }

        if (!module.Platforms.Contains(options.Platform, StringComparer.Ordinal))
        {
            throw new ManifestException($"modules/{folder}/module.json builds no '{options.Platform}' image (it builds: {string.Join(", ", module.Platforms)})");
        }

        return $"{expand(module.Repository).ToLowerInvariant()}:{options.Version ?? module.Version}-{options.Platform}";
    }
}

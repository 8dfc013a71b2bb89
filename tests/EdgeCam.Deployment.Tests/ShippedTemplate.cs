using System.Text.Json.Nodes;
using EdgeCam.Deployment.Manifests;
using EdgeCam.Testing;

namespace EdgeCam.Deployment.Tests;

/// <summary>The repository's deployment.template.json and module.json files, with made-up registry values.</summary>
internal static class ShippedTemplate
{
    public static readonly string Root = RequiredTool.RepositoryRoot();

    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["CONTAINER_REGISTRY_SERVER"] = "Contoso.azurecr.io",
        ["CONTAINER_REGISTRY_USERNAME"] = "contoso",
        ["CONTAINER_REGISTRY_PASSWORD"] = "secret",
        ["STORAGE_CONNECTION_STRING"] = "UseDevelopmentStorage=true",
        // The Pi's own group ids (provision-pi.sh records them in /etc/edgecam/device-groups).
        ["EDGECAM_GPIO_GID"] = "997",
        ["EDGECAM_I2C_GID"] = "998",
    };

    public static JsonObject Template() => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "deployment.template.json")))!;

    public static ModuleImages Images() => ModuleImages.Read(Path.Combine(Root, "modules"));

    public static ManifestOptions Options(string platform = "arm64v8", string? version = null) => new(platform, version, Variables);
}

using System.Text.Json.Nodes;
using EdgeCam.Deployment.Manifests;
using EdgeCam.Deployment.Validation;

namespace EdgeCam.Deployment.Tests.Manifests;

public sealed class ManifestGeneratorTests
{
    [Theory]
    [InlineData("amd64")]
    [InlineData("arm64v8")]
    public void Base_ShippedTemplate_IsValidAndNamesEachModuleImageForThePlatform(string platform)
    {
        var manifest = ManifestGenerator.Base(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options(platform));

        Assert.Empty(ManifestValidator.Validate(manifest));
        var modules = (JsonObject)manifest["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!;
        Assert.Equal(["CameraCapture", "SegmentRecorder", "BlobBuffer", "EventRouter"], modules.Select(m => m.Key));
        foreach (var (name, module) in modules)
        {
            var version = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedTemplate.Root, "modules", name, "module.json")))!["image"]!["tag"]!["version"]!;
            Assert.Equal($"contoso.azurecr.io/edgecam-{name.ToLowerInvariant()}:{version}-{platform}", (string)module!["settings"]!["image"]!);
        }

        Assert.Equal("contoso", (string)manifest["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["runtime"]!["settings"]!["registryCredentials"]!["edgecam"]!["username"]!);
        var camera = JsonNode.Parse(CreateOptionsChunks.Join((JsonObject)modules["CameraCapture"]!["settings"]!)!)!;
        Assert.Equal(["44", "997", "998"], camera["HostConfig"]!["GroupAdd"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public void Base_ShippedTemplate_CreateOptionsAreStringsThatJoinBackToTheTemplateObject()
    {
        var template = ShippedTemplate.Template();
        var manifest = ManifestGenerator.Base(template, ShippedTemplate.Images(), ShippedTemplate.Options());

        var settings = (JsonObject)manifest["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["CameraCapture"]!["settings"]!;
        var original = template["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["CameraCapture"]!["settings"]!["createOptions"]!.ToJsonString();
        var expanded = ShippedTemplate.Variables.Aggregate(original, (text, v) => text.Replace("${" + v.Key + "}", v.Value, StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expanded), JsonNode.Parse(CreateOptionsChunks.Join(settings)!)));
    }

    [Fact]
    public void Base_CreateOptionsLongerThanOneValue_SplitsInto512CharacterChunksInOrder()
    {
        var template = ShippedTemplate.Template();
        var createOptions = (JsonObject)template["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["SegmentRecorder"]!["settings"]!["createOptions"]!;
        createOptions["Env"] = new JsonArray([.. Enumerable.Range(0, 40).Select(i => (JsonNode)$"EDGECAM_PADDING_{i}=0123456789")]);
        var expected = createOptions.ToJsonString();

        var manifest = ManifestGenerator.Base(template, ShippedTemplate.Images(), ShippedTemplate.Options());

        var settings = (JsonObject)manifest["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["SegmentRecorder"]!["settings"]!;
        var chunks = settings.Where(kv => kv.Key.StartsWith("createOptions", StringComparison.Ordinal)).ToList();
        Assert.True(chunks.Count >= 3, $"{expected.Length} characters make {chunks.Count} chunk(s)");
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(CreateOptionsChunks.NameOf), chunks.Select(c => c.Key));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(CreateOptionsChunks.ChunkLength, ((string)c.Value!).Length));
        Assert.Equal(expected, CreateOptionsChunks.Join(settings));
        Assert.Empty(ManifestValidator.Validate(manifest));
    }

    [Fact]
    public void Base_VariablesWithoutValue_ThrowsOneLineNamingEach()
    {
        var options = new ManifestOptions("arm64v8", null, new Dictionary<string, string> { ["CONTAINER_REGISTRY_SERVER"] = "x.azurecr.io" });

        var ex = Assert.Throws<ManifestException>(() => ManifestGenerator.Base(ShippedTemplate.Template(), ShippedTemplate.Images(), options));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("$CONTAINER_REGISTRY_PASSWORD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$STORAGE_CONNECTION_STRING", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$EDGECAM_GPIO_GID", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_PlatformNoModuleBuilds_ThrowsNamingTheModuleAndItsPlatforms()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestGenerator.Base(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options("arm32v7")));

        Assert.Contains("builds no 'arm32v7' image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_ShippedTemplate_SetsModulesRoutesAndTwinSectionsAsDottedKeysAtTheNewVersion()
    {
        var options = ShippedTemplate.Options(version: "0.2.0");
        var baseManifest = ManifestGenerator.Base(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options());

        var layer = ManifestGenerator.Layer(ShippedTemplate.Template(), ShippedTemplate.Images(), options);

        Assert.Empty(ManifestValidator.Validate(layer, baseManifest));
        var content = (JsonObject)layer["modulesContent"]!;
        var agent = (JsonObject)content["$edgeAgent"]!;
        Assert.All(agent, kv => Assert.StartsWith("properties.desired.modules.", kv.Key, StringComparison.Ordinal));
        Assert.Equal("contoso.azurecr.io/edgecam-blobbuffer:0.2.0-arm64v8", (string)agent["properties.desired.modules.BlobBuffer"]!["settings"]!["image"]!);
        var routes = (JsonObject)baseManifest["modulesContent"]!["$edgeHub"]!["properties.desired"]!["routes"]!;
        Assert.Equal(routes.Select(r => "properties.desired.routes." + r.Key), ((JsonObject)content["$edgeHub"]!).Select(kv => kv.Key));
        Assert.All(((JsonObject)content["CameraCapture"]!), kv => Assert.StartsWith("properties.desired.", kv.Key, StringComparison.Ordinal));
        Assert.False(agent.ContainsKey("properties.desired.systemModules.edgeHub"), "the layer leaves the runtime to the base");
    }
}

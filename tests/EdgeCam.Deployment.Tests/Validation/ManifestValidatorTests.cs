using System.Text.Json.Nodes;
using EdgeCam.Deployment.Manifests;
using EdgeCam.Deployment.Validation;

namespace EdgeCam.Deployment.Tests.Validation;

public sealed class ManifestValidatorTests
{
    public static TheoryData<string, string> BaseMistakes => new()
    {
        { "agentSchema", "$edgeAgent.schemaVersion: '2.0'" },
        { "hubSchema", "$edgeHub.schemaVersion: '1.9'" },
        { "restartPolicy", "$edgeAgent.modules.EventRouter.restartPolicy: 'sometimes'" },
        { "status", "$edgeAgent.modules.EventRouter.status: 'paused'" },
        { "startupOrder", "$edgeAgent.modules.EventRouter.startupOrder: '-1'" },
        { "noImage", "$edgeAgent.modules.EventRouter.settings.image: missing" },
        { "noVersion", "$edgeAgent.modules.EventRouter.version: missing" },
        { "createOptionsObject", "$edgeAgent.modules.EventRouter.settings.createOptions: must be a string" },
        { "longChunk", "$edgeAgent.modules.EventRouter.settings.createOptions: 600 characters, more than 512" },
        { "chunkGap", "createOptions02: a chunk out of sequence" },
        { "brokenCreateOptions", "the joined chunks are not JSON" },
        { "placeholder", "unresolved placeholder in '${MODULES.EventRouter}'" },
        { "routeName", "$edgeHub.routes.to.router:" },
        { "routeSyntax", "$edgeHub.routes.broken:" },
        { "routeToGhost", "sends to module 'Ghost', which this deployment does not run" },
        { "twinTooBig", "EventRouter: desired properties of" },
        { "env", "$edgeAgent.modules.EventRouter.env.X: must be { \"value\": ... }" },
        { "twinOfUnknownModule", "Ghost: desired properties for a module this deployment does not run" },
        { "noHub", "modulesContent.$edgeHub: missing" },
    };

    [Theory]
    [MemberData(nameof(BaseMistakes))]
    public void Validate_BaseWithOneMistake_NamesIt(string mistake, string expected)
    {
        var manifest = ManifestGenerator.Base(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options());
        var content = (JsonObject)manifest["modulesContent"]!;
        var agent = (JsonObject)content["$edgeAgent"]!["properties.desired"]!;
        var router = (JsonObject)agent["modules"]!["EventRouter"]!;
        var hub = (JsonObject)content["$edgeHub"]!["properties.desired"]!;
        var routes = (JsonObject)hub["routes"]!;
        switch (mistake)
        {
            case "agentSchema": agent["schemaVersion"] = "2.0"; break;
            case "hubSchema": hub["schemaVersion"] = "1.9"; break;
            case "restartPolicy": router["restartPolicy"] = "sometimes"; break;
            case "status": router["status"] = "paused"; break;
            case "startupOrder": router["startupOrder"] = -1; break;
            case "noImage": ((JsonObject)router["settings"]!).Remove("image"); break;
            case "noVersion": router.Remove("version"); break;
            case "createOptionsObject": router["settings"]!["createOptions"] = new JsonObject(); break;
            case "longChunk": router["settings"]!["createOptions"] = "{\"Env\":[\"" + new string('x', 588) + "\"]}"; break;
            case "chunkGap": router["settings"]!["createOptions02"] = "}"; break;
            case "brokenCreateOptions": router["settings"]!["createOptions"] = "{\"HostConfig\":"; break;
            case "placeholder": router["settings"]!["image"] = "${MODULES.EventRouter}"; break;
            case "routeName": routes["to.router"] = "FROM /messages/* INTO $upstream"; break;
            case "routeSyntax": routes["broken"] = "FROM /messages/modules/CameraCapture/outputs/motion INTO nowhere"; break;
            case "routeToGhost": routes["ghost"] = "FROM /messages/* INTO BrokeredEndpoint(\"/modules/Ghost/inputs/in\")"; break;
            case "twinTooBig": content["EventRouter"]!["properties.desired"]!["padding"] = new JsonArray([.. Enumerable.Range(0, 12).Select(_ => (JsonNode)new string('p', 3000))]); break;
            case "env": router["env"] = new JsonObject { ["X"] = "plain" }; break;
            case "twinOfUnknownModule": content["Ghost"] = new JsonObject { ["properties.desired"] = new JsonObject() }; break;
            case "noHub": content.Remove("$edgeHub"); break;
            default: throw new ArgumentException(mistake);
        }

        var problems = ManifestValidator.Validate(manifest);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void Validate_LayerWithoutEdgeAgent_SaysALayerNeedsIt()
    {
        var layer = ManifestGenerator.Layer(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options(version: "0.2.0"));
        ((JsonObject)layer["modulesContent"]!).Remove("$edgeAgent");

        var problem = Assert.Single(ManifestValidator.Validate(layer));

        Assert.Contains("a layer must have it too", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LayerReplacingAModuleTwinWhole_SaysToUseSections()
    {
        var layer = ManifestGenerator.Layer(ShippedTemplate.Template(), ShippedTemplate.Images(), ShippedTemplate.Options(version: "0.2.0"));
        layer["modulesContent"]!["EventRouter"] = new JsonObject { ["properties.desired"] = new JsonObject() };

        var problems = ManifestValidator.Validate(layer);

        Assert.Contains(problems, p => p.Contains("set 'properties.desired.<section>' to merge", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LayerRouteToAModuleOnlyTheBaseRuns_IsValidWithTheBaseAndNotWithout()
    {
        var template = ShippedTemplate.Template();
        var layer = ManifestGenerator.Layer(template, ShippedTemplate.Images(), ShippedTemplate.Options(version: "0.2.0"));
        var agent = (JsonObject)layer["modulesContent"]!["$edgeAgent"]!;
        agent.Remove("properties.desired.modules.EventRouter");
        ((JsonObject)layer["modulesContent"]!).Remove("EventRouter");
        var baseManifest = ManifestGenerator.Base(template, ShippedTemplate.Images(), ShippedTemplate.Options());

        Assert.Empty(ManifestValidator.Validate(layer, baseManifest));
        Assert.Contains(ManifestValidator.Validate(layer), p => p.Contains("module 'EventRouter', which this deployment does not run", StringComparison.Ordinal));
    }
}

using EdgeCam.Edge.Deployment;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Routing.Tests.Deployment;

public class DeploymentTemplateTests
{
    internal const string Template = """
        {
          "$schema-template": "4.0.0",
          "modulesContent": {
            "$edgeAgent": {
              "properties.desired": {
                "schemaVersion": "1.1",
                "modules": {
                  "CameraCapture": { "type": "docker", "settings": { "image": "${MODULES.CameraCapture}" } },
                  "EventRouter": { "type": "docker", "settings": { "image": "${MODULES.EventRouter.arm64v8}" } }
                }
              }
            },
            "$edgeHub": {
              "properties.desired": {
                "schemaVersion": "1.1",
                "routes": {
                  "motionToRouter": "FROM /messages/modules/CameraCapture/outputs/motion INTO BrokeredEndpoint(\"/modules/EventRouter/inputs/motion\")",
                  "alerts": { "route": "FROM /messages/modules/EventRouter/outputs/alerts INTO $upstream", "priority": 0, "timeToLiveSecs": 86400 }
                }
              }
            },
            "CameraCapture": {
              "properties.desired": { "motion": { "threshold": 25 } }
            }
          }
        }
        """;

    [Fact]
    public void Load_TemplateFile_ReadsModulesRoutesAndDesiredProperties()
    {
        using var dir = new TempDirectory("template");
        string path = dir.Combine("deployment.template.json");
        File.WriteAllText(path, Template);

        var template = DeploymentTemplate.Load(path);

        Assert.Equal(["CameraCapture", "EventRouter"], template.ModuleNames);
        Assert.Equal(["alerts", "motionToRouter"], template.Routes.Routes.Select(r => r.Name));
        Assert.Equal(25, (int)template.DesiredPropertiesOf("CameraCapture")["motion"]!["threshold"]!);
        Assert.Equal(1, (long)template.DesiredPropertiesOf("CameraCapture")["$version"]!);
        Assert.Equal("""{"$version":1}""", template.DesiredPropertiesOf("EventRouter").ToJsonString());
    }

    [Fact]
    public void Routes_FromTemplate_RouteCameraMotionToRouter()
    {
        var template = DeploymentTemplate.Parse(Template);

        var sinks = template.Routes.SinksFor(new RouteMessageContext("CameraCapture", "motion", new ModuleMessage(ReadOnlyMemory<byte>.Empty)));

        Assert.Equal([new ModuleInputSink("EventRouter", "motion")], sinks);
    }

    [Fact]
    public void Parse_NestedPropertiesDesired_IsAcceptedToo()
    {
        string json = Template.Replace("\"properties.desired\": { \"motion\"", "\"properties\": { \"desired\": { \"motion\"", StringComparison.Ordinal)
            .Replace("\"threshold\": 25 } }", "\"threshold\": 25 } } }", StringComparison.Ordinal);

        var template = DeploymentTemplate.Parse(json);

        Assert.Equal(25, (int)template.DesiredPropertiesOf("CameraCapture")["motion"]!["threshold"]!);
    }

    [Fact]
    public void DesiredPropertiesOf_ReturnsCopies_SoCallersCannotChangeTheTemplate()
    {
        var template = DeploymentTemplate.Parse(Template);

        template.DesiredPropertiesOf("CameraCapture")["motion"] = null;

        Assert.NotNull(template.DesiredPropertiesOf("CameraCapture")["motion"]);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        using var dir = new TempDirectory("template");
        string path = dir.Combine("nope.json");

        var ex = Assert.Throws<DeploymentTemplateException>(() => DeploymentTemplate.Load(path));

        Assert.Equal($"{path}: the deployment template does not exist", ex.Message);
    }

    [Fact]
    public void Load_InvalidJson_NamesLineAndPosition()
    {
        using var dir = new TempDirectory("template");
        string path = dir.Combine("deployment.template.json");
        File.WriteAllText(path, "{\n  \"modulesContent\": {\n    \"$edgeAgent\": oops\n  }\n}");

        var ex = Assert.Throws<DeploymentTemplateException>(() => DeploymentTemplate.Load(path));

        Assert.StartsWith($"{path}: invalid JSON at line 3, position 19", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ }""", "missing object modulesContent")]
    [InlineData("""{ "modulesContent": { } }""", "missing object modulesContent.$edgeAgent")]
    [InlineData("""{ "modulesContent": { "$edgeAgent": { } } }""", "modulesContent.$edgeAgent has no \"properties.desired\" object")]
    [InlineData("""{ "modulesContent": { "$edgeAgent": { "properties.desired": { } } } }""", "missing object modulesContent.$edgeAgent.properties.desired.modules")]
    [InlineData("""{ "modulesContent": { "$edgeAgent": { "properties.desired": { "modules": { } } }, "$edgeHub": { "properties.desired": { } } } }""",
        "missing object modulesContent.$edgeHub.properties.desired.routes")]
    public void Parse_MissingSection_NamesIt(string json, string expected)
    {
        var ex = Assert.Throws<DeploymentTemplateException>(() => DeploymentTemplate.Parse(json, "t.json"));

        Assert.Equal($"t.json: {expected}", ex.Message);
    }

    [Fact]
    public void Parse_BadRoute_NamesFileRouteAndPosition()
    {
        string json = Template.Replace("outputs/motion INTO", "outputs/motion INT0", StringComparison.Ordinal);

        var ex = Assert.Throws<DeploymentTemplateException>(() => DeploymentTemplate.Parse(json, "t.json"));

        Assert.Equal("t.json: route 'motionToRouter': expected INTO at position 53", ex.Message);
    }

    [Fact]
    public void Parse_DesiredPropertiesForUnknownModule_IsAnError()
    {
        string json = Template.Replace("\"CameraCapture\": {\n      \"properties.desired\"", "\"CameraCaptur\": {\n      \"properties.desired\"", StringComparison.Ordinal);

        var ex = Assert.Throws<DeploymentTemplateException>(() => DeploymentTemplate.Parse(json, "t.json"));

        Assert.Contains("modulesContent.CameraCaptur has desired properties but $edgeAgent has no module 'CameraCaptur'", ex.Message, StringComparison.Ordinal);
    }
}

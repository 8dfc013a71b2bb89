using System.Text.Json.Nodes;
using EdgeCam.Deployment.Cli;
using EdgeCam.Deployment.Validation;

namespace EdgeCam.Deployment.Tests.Cli;

public sealed class DeployCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgecam-deploy-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void Run_BaseThenCanary_WritesManifestsThatValidateAndPrintsTheDeployCommands()
    {
        var template = Path.Combine(ShippedTemplate.Root, "deployment.template.json");
        var basePath = Path.Combine(_directory, "base.json");
        var canaryPath = Path.Combine(_directory, "canary.json");

        Assert.Equal(0, DeployCommand.Run(["base", "--platform", "arm64v8", "--template", template, "--out", basePath], ShippedTemplate.Variables, _out, _err));
        Assert.Equal(0, DeployCommand.Run(["canary", "--platform", "arm64v8", "--version", "0.2.0", "--template", template, "--out", canaryPath], ShippedTemplate.Variables, _out, _err));
        Assert.Equal(0, DeployCommand.Run(["validate", canaryPath, "--base", basePath], ShippedTemplate.Variables, _out, _err));

        Assert.Equal("", _err.ToString());
        Assert.Contains("--layered", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("tags.ring='canary'", _out.ToString(), StringComparison.Ordinal);
        Assert.Empty(ManifestValidator.Validate((JsonObject)JsonNode.Parse(File.ReadAllText(basePath))!));
    }

    [Fact]
    public void Run_AddCameraThenBase_ManifestValidatesAndRunsTheCameraWithItsOwnRoutes()
    {
        var template = Path.Combine(ShippedTemplate.Root, "deployment.template.json");
        var withCamera = Path.Combine(_directory, "with-garage.template.json");
        var basePath = Path.Combine(_directory, "base.json");

        Assert.Equal(0, DeployCommand.Run(["add-camera", "--id", "garage", "--source", "rtsp://192.0.2.7/main", "--sub-stream", "rtsp://192.0.2.7/sub", "--template", template, "--out", withCamera], ShippedTemplate.Variables, _out, _err));
        Assert.Equal(0, DeployCommand.Run(["base", "--platform", "arm64v8", "--template", withCamera, "--modules", Path.Combine(ShippedTemplate.Root, "modules"), "--out", basePath], ShippedTemplate.Variables, _out, _err));

        Assert.Equal("", _err.ToString());
        var manifest = (JsonObject)JsonNode.Parse(File.ReadAllText(basePath))!;
        Assert.Empty(ManifestValidator.Validate(manifest));
        var content = manifest["modulesContent"]!;
        var module = content["$edgeAgent"]!["properties.desired"]!["modules"]!["CameraCaptureGarage"]!;
        Assert.Equal(content["$edgeAgent"]!["properties.desired"]!["modules"]!["CameraCapture"]!["settings"]!["image"]!.GetValue<string>(), module["settings"]!["image"]!.GetValue<string>());
        Assert.DoesNotContain("/dev/video0", module["settings"]!["createOptions"]!.GetValue<string>(), StringComparison.Ordinal);
        var routes = (JsonObject)content["$edgeHub"]!["properties.desired"]!["routes"]!;
        Assert.Equal(
            "FROM /messages/modules/CameraCaptureGarage/outputs/motion INTO BrokeredEndpoint(\"/modules/SegmentRecorder/inputs/motion\")",
            routes["motionToRecorderGarage"]!.GetValue<string>());
        Assert.Equal(
            routes.Count(r => r.Value!.ToJsonString().Contains("/modules/CameraCapture/", StringComparison.Ordinal)),
            routes.Count(r => r.Value!.ToJsonString().Contains("/modules/CameraCaptureGarage/", StringComparison.Ordinal)));
        var desired = content["CameraCaptureGarage"]!["properties.desired"]!;
        Assert.Equal(("garage", "rtsp://192.0.2.7/main", "rtsp://192.0.2.7/sub"), (desired["cameraId"]!.GetValue<string>(), desired["source"]!.GetValue<string>(), desired["analysisSource"]!.GetValue<string>()));
    }

    [Fact]
    public void Run_AddCameraWhoseModuleExists_ExitsTwoNamingTheModule()
    {
        var template = Path.Combine(ShippedTemplate.Root, "deployment.template.json");
        var once = Path.Combine(_directory, "once.json");
        Assert.Equal(0, DeployCommand.Run(["add-camera", "--id", "garage", "--source", "rtsp://192.0.2.7/main", "--template", template, "--out", once], ShippedTemplate.Variables, _out, _err));

        var code = DeployCommand.Run(["add-camera", "--id", "garage", "--source", "rtsp://192.0.2.8/main", "--template", once, "--out", Path.Combine(_directory, "twice.json")], ShippedTemplate.Variables, _out, _err);

        Assert.Equal(2, code);
        Assert.Contains("already has a module 'CameraCaptureGarage'", _err.ToString().Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AddTwoCamerasThenRemoveOne_TheOtherStaysAndTheBaseValidates()
    {
        var template = Path.Combine(ShippedTemplate.Root, "deployment.template.json");
        var one = Path.Combine(_directory, "one.json");
        var two = Path.Combine(_directory, "two.json");
        var removed = Path.Combine(_directory, "removed.json");
        var basePath = Path.Combine(_directory, "base.json");
        Assert.Equal(0, DeployCommand.Run(["add-camera", "--id", "garage", "--source", "rtsp://192.0.2.7/main", "--template", template, "--out", one], ShippedTemplate.Variables, _out, _err));
        Assert.Equal(0, DeployCommand.Run(["add-camera", "--id", "porch", "--source", "rtsp://192.0.2.8/main", "--sub-stream", "rtsp://192.0.2.8/sub", "--template", one, "--out", two], ShippedTemplate.Variables, _out, _err));

        var code = DeployCommand.Run(["remove-camera", "--id", "porch", "--template", two, "--out", removed], ShippedTemplate.Variables, _out, _err);

        Assert.Equal(0, code);
        Assert.Equal("", _err.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(one)), JsonNode.Parse(File.ReadAllText(removed))));
        Assert.Contains($"wrote {removed}: camera 'porch' (module CameraCapturePorch) and its routes removed", _out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, DeployCommand.Run(["base", "--platform", "arm64v8", "--template", removed, "--modules", Path.Combine(ShippedTemplate.Root, "modules"), "--out", basePath], ShippedTemplate.Variables, _out, _err));
        var manifest = (JsonObject)JsonNode.Parse(File.ReadAllText(basePath))!;
        Assert.Empty(ManifestValidator.Validate(manifest));
        var modules = (JsonObject)manifest["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!;
        Assert.True(modules.ContainsKey("CameraCaptureGarage"));
        Assert.False(modules.ContainsKey("CameraCapturePorch"));
        Assert.DoesNotContain("CameraCapturePorch", manifest.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RemoveCameraNotInTheTemplate_ExitsTwoNamingTheModuleAndWritesNothing()
    {
        var template = Path.Combine(ShippedTemplate.Root, "deployment.template.json");
        var output = Path.Combine(_directory, "out.json");

        var code = DeployCommand.Run(["remove-camera", "--id", "garage", "--template", template, "--out", output], ShippedTemplate.Variables, _out, _err);

        Assert.Equal(2, code);
        Assert.Equal($"edgecam-deploy: {template}: camera 'garage': the template has no module 'CameraCaptureGarage' to remove", _err.ToString().Split('\n')[0]);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_CanaryWithoutVersion_ExitsTwoWithOneLine()
    {
        var code = DeployCommand.Run(["canary", "--platform", "arm64v8", "--out", Path.Combine(_directory, "c.json")], ShippedTemplate.Variables, _out, _err);

        Assert.Equal(2, code);
        Assert.StartsWith("edgecam-deploy: --version is required", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidateBrokenManifest_ExitsOneWithALinePerProblem()
    {
        var path = Path.Combine(_directory, "broken.json");
        File.WriteAllText(path, """{"modulesContent":{"$edgeAgent":{"properties.desired":{"schemaVersion":"9.9","runtime":{"type":"docker"},"systemModules":{}}},"$edgeHub":{"properties.desired":{"schemaVersion":"1.1","routes":{}}}}}""");

        var code = DeployCommand.Run(["validate", path], ShippedTemplate.Variables, _out, _err);

        Assert.Equal(1, code);
        var lines = _err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("schemaVersion: '9.9'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("systemModules.edgeHub: missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DotEnvNextToTheTemplate_SuppliesTheVariables()
    {
        var template = Path.Combine(_directory, "deployment.template.json");
        File.Copy(Path.Combine(ShippedTemplate.Root, "deployment.template.json"), template);
        File.WriteAllLines(Path.Combine(_directory, ".env"), ShippedTemplate.Variables.Select(kv => $"{kv.Key}=\"{kv.Value}\"").Prepend("# registry"));
        var output = Path.Combine(_directory, "base.json");

        var code = DeployCommand.Run(
            ["base", "--platform", "amd64", "--template", template, "--modules", Path.Combine(ShippedTemplate.Root, "modules"), "--out", output],
            new Dictionary<string, string>(), _out, _err);

        Assert.True(code == 0, _err.ToString());
        Assert.Contains("\"username\": \"contoso\"", File.ReadAllText(output), StringComparison.Ordinal);
    }
}

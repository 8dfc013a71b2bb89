using System.Text.Json.Nodes;
using EdgeCam.Edge.Deployment;
using EdgeCam.Testing;

namespace EdgeCam.Edge.Routing.Tests.Deployment;

[Trait("Category", "Unit")]
public sealed class CameraModulesTests
{
    private static JsonObject ShippedTemplate() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json")))!;

    [Theory]
    [InlineData("porch-1", "CameraCapturePorch1")]
    [InlineData("garage", "CameraCaptureGarage")]
    [InlineData("back_yard.2", "CameraCaptureBackyard2")]
    public void ModuleName_CameraId_CameraCaptureAndItsLettersAndDigits(string id, string expected)
    {
        Assert.Equal(expected, CameraModules.ModuleName(id));
    }

    [Fact]
    public void ReplaceWith_TwoCameras_OnlyTheirModulesRunEachWithTheTemplatesCameraRoutes()
    {
        var template = ShippedTemplate();
        var original = DeploymentTemplate.Parse(template.ToJsonString());
        var cameraRoutes = original.Routes.Routes.Count(r => r.Text.Contains("/modules/CameraCapture/", StringComparison.Ordinal));

        var replaced = DeploymentTemplate.Parse(CameraModules.ReplaceWith(template, [new("front", "rtsp://cam1/main", "rtsp://cam1/sub"), new("back", "/videos/back.mp4")]).ToJsonString());

        Assert.Equal(["SegmentRecorder", "BlobBuffer", "EventRouter", "CameraCaptureFront", "CameraCaptureBack"], replaced.ModuleNames);
        Assert.Equal(original.Routes.Routes.Count + cameraRoutes, replaced.Routes.Routes.Count);
        Assert.Equal("rtsp://cam1/sub", replaced.DesiredPropertiesOf("CameraCaptureFront")["analysisSource"]!.GetValue<string>());
        Assert.Equal("", replaced.DesiredPropertiesOf("CameraCaptureBack")["analysisSource"]!.GetValue<string>());
        Assert.Equal("back", replaced.DesiredPropertiesOf("CameraCaptureBack")["cameraId"]!.GetValue<string>());
    }

    [Fact]
    public void Add_LocalDeviceCamera_KeepsTheDeviceMappings()
    {
        var added = CameraModules.Add(ShippedTemplate(), new CameraEntry("usb", "/dev/video2"));

        var hostConfig = added["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!["CameraCaptureUsb"]!["settings"]!["createOptions"]!["HostConfig"]!;
        Assert.NotNull(hostConfig["Devices"]);
    }

    [Theory]
    [InlineData("", "rtsp://cam/main", "camera id ''")]
    [InlineData("../x", "rtsp://cam/main", "camera id '../x'")]
    [InlineData("cam", " ", "camera 'cam' has no source")]
    public void Add_BadEntry_ThrowsOneLineNamingTheField(string id, string source, string expected)
    {
        var ex = Assert.Throws<DeploymentTemplateException>(() => CameraModules.Add(ShippedTemplate(), new CameraEntry(id, source)));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplaceWith_IdsGivingOneModuleName_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<DeploymentTemplateException>(() =>
            CameraModules.ReplaceWith(ShippedTemplate(), [new("porch-1", "rtsp://a/1"), new("porch_1", "rtsp://b/1")]));

        Assert.Contains("'porch-1' and 'porch_1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_AddedCamera_GivesBackTheTemplateAndLeavesTheOtherCamera()
    {
        var template = ShippedTemplate();
        var porch = CameraModules.Add(template, new("porch", "rtsp://cam1/main", "rtsp://cam1/sub"));
        var both = CameraModules.Add(porch, new("porch-1", "rtsp://cam2/main"));

        var removed = CameraModules.Remove(both, "porch-1");

        Assert.True(JsonNode.DeepEquals(porch, removed), removed.ToJsonString());
        Assert.True(JsonNode.DeepEquals(template, CameraModules.Remove(removed, "porch")));
    }

    [Fact]
    public void Remove_CameraNotInTheTemplate_ThrowsNamingTheModule()
    {
        var ex = Assert.Throws<DeploymentTemplateException>(() => CameraModules.Remove(ShippedTemplate(), "garage"));

        Assert.Equal("camera 'garage': the template has no module 'CameraCaptureGarage' to remove", ex.Message);
    }

    [Fact]
    public void Remove_IdWithoutLetterOrDigit_ThrowsInsteadOfRemovingTheTemplatesCamera()
    {
        var ex = Assert.Throws<DeploymentTemplateException>(() => CameraModules.Remove(ShippedTemplate(), "--"));

        Assert.Equal("camera id '--' has no letter or digit, so it names no camera module", ex.Message);
    }
}

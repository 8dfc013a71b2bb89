using EdgeCam.Agent.Cameras;
using EdgeCam.Edge.Deployment;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Cameras;

[Trait("Category", "Unit")]
public sealed class CameraListTests : IDisposable
{
    private readonly TempDirectory _directory = new("camera-list");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void LoadTemplate_NoCameraList_TheTemplatesOwnCamera()
    {
        var template = CameraList.LoadTemplate(Template(), _directory.Combine("cameras.json"));

        Assert.Contains("CameraCapture", template.ModuleNames);
    }

    [Fact]
    public void LoadTemplate_TwoCameras_OneModulePerCameraInsteadOfTheTemplates()
    {
        CameraList.Write(_directory.Combine("cameras.json"), [new("front", "rtsp://a/main", "rtsp://a/sub"), new("back", "rtsp://b/main")]);

        var template = CameraList.LoadTemplate(Template(), _directory.Combine("cameras.json"));

        Assert.Equal(["CameraCaptureBack", "CameraCaptureFront"], template.ModuleNames.Where(n => n.StartsWith("CameraCapture", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("rtsp://a/sub", template.DesiredPropertiesOf("CameraCaptureFront")["analysisSource"]!.GetValue<string>());
    }

    [Fact]
    public void Read_EntryWithoutSource_ThrowsNamingTheFileAndTheEntry()
    {
        var path = _directory.Combine("cameras.json");
        File.WriteAllText(path, """{ "cameras": [ { "id": "a", "source": "rtsp://a" }, { "id": "b" } ] }""");

        var ex = Assert.Throws<DeploymentTemplateException>(() => CameraList.Read(path));

        Assert.Equal($"{path}: cameras[1]: camera 'b' has no source (the stream to record: an rtsp:// URL, a file, /dev/videoN or libcamera)", ex.Message);
    }

    [Fact]
    public void Write_TemporaryFileLeftReadableByOthers_TheListIsStillOwnerOnly()
    {
        var path = _directory.Combine("cameras.json");
        File.WriteAllText(path + ".tmp", "left by a crash");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        CameraList.Write(path, [new("front", "rtsp://admin:s3cret@a/main")]);

        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal("front", Assert.Single(CameraList.Read(path)).Id);
    }

    private static string Template() => Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json");
}

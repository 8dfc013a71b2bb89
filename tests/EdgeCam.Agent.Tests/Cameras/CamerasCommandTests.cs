using EdgeCam.Agent.Cameras;
using EdgeCam.Agent.Cli;
using EdgeCam.Edge.Deployment;
using EdgeCam.Testing;
using EdgeCam.Testing.Onvif;

namespace EdgeCam.Agent.Tests.Cameras;

[Trait("Category", "Integration")]
public sealed class CamerasCommandTests : IDisposable
{
    private static readonly OnvifTestProfile[] Profiles = [new("main", "Main", 1920, 1080), new("sub", "Sub", 640, 360)];
    private readonly TempDirectory _directory = new("cameras-cli");
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public void Dispose()
    {
        _directory.Dispose();
        _out.Dispose();
        _error.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task DiscoverThenAddByNumber_LoopbackOnvifCamera_ListsBothStreamsAndWritesTheCameraWithCredentials()
    {
        await using var camera = await OnvifCameraProcess.StartAsync("Porch Cam", "IPC-Test 2000", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, CancellationToken.None);
        var common = new[] { "--probe-address", $"127.0.0.1:{camera.DiscoveryEndpoint.Port}", "--timeout", "2", "--user", "admin", "--password-env", "CAM_PASSWORD", "--data", _directory.Path };
        string? Environment(string name) => name == "CAM_PASSWORD" ? "s3cret" : null;

        var discovered = await Run(["discover", .. common], Environment);
        var added = await Run(["add", "1", .. common], Environment);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (discovered, added));
        var text = _out.ToString();
        Assert.Contains("1. Porch Cam [IPC-Test 2000]", text, StringComparison.Ordinal);
        Assert.Contains("main 1920x1080 H264 profile 'main': rtsp://127.0.0.1:8554/main", text, StringComparison.Ordinal);
        Assert.Contains("sub  640x360 H264 profile 'sub': rtsp://127.0.0.1:8554/sub", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        var entry = Assert.Single(CameraList.Read(_directory.Combine(CameraList.FileName)));
        Assert.Equal(("porch-cam", "rtsp://admin:s3cret@127.0.0.1:8554/main", "rtsp://admin:s3cret@127.0.0.1:8554/sub"), (entry.Id, entry.Source, entry.SubStream));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(_directory.Combine(CameraList.FileName)) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Fact]
    public async Task Add_WrongPassword_ExitsWithOneLineNamingTheRefusalAndWritesNothing()
    {
        await using var camera = await OnvifCameraProcess.StartAsync("Porch Cam", "X", "admin", "s3cret", "rtsp://127.0.0.1:8554", Profiles, CancellationToken.None);

        var code = await Run(["add", camera.DeviceAddress.AbsoluteUri, "--user", "admin", "--password-env", "P", "--data", _directory.Path], _ => "wrong");

        Assert.Equal(ExitCodes.Incomplete, code);
        var line = Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ter:NotAuthorized", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine(CameraList.FileName)));
    }

    [Fact]
    public async Task Add_NumberWithoutDiscovery_ExitsBadInputSayingToDiscoverFirst()
    {
        var code = await Run(["add", "1", "--data", _directory.Path], _ => null);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("run cameras discover first", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TwoCameras_SaysWhichHasASubStreamWithPasswordsMasked()
    {
        CameraList.Write(_directory.Combine(CameraList.FileName), [new("front", "rtsp://admin:s3cret@192.0.2.7/main", "rtsp://admin:s3cret@192.0.2.7/sub"), new("back", "rtsp://192.0.2.8/stream1")]);

        var code = await Run(["list", "--data", _directory.Path], _ => null);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(
            [
                $"2 camera(s) in {_directory.Combine(CameraList.FileName)}",
                "front (CameraCaptureFront): record rtsp://admin:***@192.0.2.7/main; motion on its sub stream rtsp://admin:***@192.0.2.7/sub",
                "back (CameraCaptureBack): record rtsp://192.0.2.8/stream1; motion on the same stream (no sub stream)",
            ],
            _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Remove_CameraInTheList_TakesOnlyItOffAndTheFileStaysOwnerOnly()
    {
        var path = _directory.Combine(CameraList.FileName);
        CameraList.Write(path, [new("front", "rtsp://admin:s3cret@192.0.2.7/main", "rtsp://admin:s3cret@192.0.2.7/sub"), new("back", "rtsp://192.0.2.8/stream1")]);
        if (!OperatingSystem.IsWindows())
        {
            // As if the owner had edited it with a tool that left it readable by everyone.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var code = await Run(["remove", "front", "--data", _directory.Path], _ => null);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([new CameraEntry("back", "rtsp://192.0.2.8/stream1")], CameraList.Read(path));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Equal("", _error.ToString());
        Assert.StartsWith($"removed camera 'front' (module CameraCaptureFront) from {path}", _out.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_LastCamera_TheAgentRunsTheTemplatesCameraAgain()
    {
        var path = _directory.Combine(CameraList.FileName);
        CameraList.Write(path, [new("front", "rtsp://192.0.2.7/main")]);

        var code = await Run(["remove", "front", "--data", _directory.Path], _ => null);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(CameraList.Read(path));
        var modules = CameraList.LoadTemplate(Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"), path).ModuleNames;
        Assert.Contains("CameraCapture", modules);
        Assert.DoesNotContain("CameraCaptureFront", modules);
        Assert.Contains("no cameras left: the agent runs the template's CameraCapture from its next start", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_IdNotInTheList_ExitsBadInputWithOneLineNamingTheIdsAndChangesNothing()
    {
        var path = _directory.Combine(CameraList.FileName);
        CameraList.Write(path, [new("front", "rtsp://192.0.2.7/main"), new("back", "rtsp://192.0.2.8/main")]);
        var before = File.ReadAllText(path);

        var code = await Run(["remove", "Front", "--data", _directory.Path], _ => null);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: no camera 'Front' in {path} (it lists 'front', 'back')", Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Theory]
    [InlineData(new[] { "scan" }, "cameras needs discover, add, list or remove")]
    [InlineData(new[] { "remove" }, "cameras remove needs the id of a camera in the list")]
    [InlineData(new[] { "discover", "--user", "admin" }, "give --user and --password-env together")]
    [InlineData(new[] { "discover", "--probe-address", "camera.local" }, "--probe-address must be an IP address")]
    [InlineData(new[] { "discover", "--user", "a", "--password-env", "UNSET_VARIABLE" }, "UNSET_VARIABLE: that environment variable is not set")]
    public void Parse_BadArguments_UsageNamesTheProblem(string[] args, string expected)
    {
        var ex = Assert.Throws<UsageException>(() => CamerasOptions.Parse(args, _ => null));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private Task<int> Run(string[] args, Func<string, string?> environment) =>
        new CamerasCommand(CamerasOptions.Parse(args, environment), _out, _error, _http).RunAsync(CancellationToken.None);
}

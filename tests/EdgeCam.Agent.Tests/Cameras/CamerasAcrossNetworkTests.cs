using EdgeCam.Agent.Cameras;
using EdgeCam.Agent.Cli;
using EdgeCam.Agent.Tests.Firmware;
using EdgeCam.Testing;
using EdgeCam.Testing.Network;
using EdgeCam.Testing.Onvif;

namespace EdgeCam.Agent.Tests.Cameras;

/// <summary>
/// <c>edgecam-agent cameras discover</c> and <c>add</c> as a real process on one side of a veth link, against an ONVIF
/// camera no one here wrote on the other: the agsh onvif npm package's own camera mock-up, whose answers a real camera
/// gave. The probe is real WS-Discovery multicast to 239.255.255.250:3702, inside the namespaces the test made.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CamerasAcrossNetworkTests : IDisposable
{
    private readonly TempDirectory _directory = new("cameras-netns");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(120));

    public void Dispose()
    {
        _directory.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task DiscoverThenAdd_NpmOnvifMockupAcrossAVethLink_FindsItByMulticastAndRecordsItAtTheHostThatAnswered()
    {
        using var network = NamespacePair.Create();
        await using var camera = await OnvifNpmMockup.StartAsync(network, 10101, _timeout.Token);

        var (discovered, discoverOutput) = await RunAgentAsync(network, "discover", "--timeout", "3");
        var (added, addOutput) = await RunAgentAsync(network, "add", "1");

        Assert.True(discovered == ExitCodes.Success, discoverOutput);
        Assert.Contains("1 ONVIF camera(s) answered a probe to 239.255.255.250:3702", discoverOutput, StringComparison.Ordinal);
        Assert.Contains("1. PREDATOR [HD_PREDATOR] http://10.77.0.2:10101/onvif/device_service", discoverOutput, StringComparison.Ordinal);
        Assert.Contains("main 1920x1080 H264 profile 'main': rtsp://10.77.0.2/h264main", discoverOutput, StringComparison.Ordinal);
        Assert.Contains("note: the camera reports its services on 192.168.68.111; reached at 10.77.0.2 instead", discoverOutput, StringComparison.Ordinal);
        Assert.Contains("days behind this device", discoverOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", discoverOutput, StringComparison.Ordinal);
        Assert.True(added == ExitCodes.Success, addOutput);
        var entry = Assert.Single(CameraList.Read(_directory.Combine(CameraList.FileName)));
        Assert.Equal(("predator", "rtsp://admin:s3cret@10.77.0.2/h264main", (string?)null), (entry.Id, entry.Source, entry.SubStream));
        var log = camera.Log;
        Assert.Contains("Discovery received", log, StringComparison.Ordinal);
        Assert.Contains("received device GetSystemDateAndTime", log, StringComparison.Ordinal);
        Assert.Contains("received media GetProfiles", log, StringComparison.Ordinal);
        Assert.Contains("serverMockup/GetStreamUri.xml", log, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output)> RunAgentAsync(NamespacePair network, params string[] arguments)
    {
        var info = network.InClient(
            RequiredTool.OnPath("dotnet", "dotnet-sdk"),
            [Path.Combine(AppContext.BaseDirectory, "edgecam-agent.dll"), "cameras", .. arguments, "--user", "admin", "--password-env", "CAM_PASSWORD", "--data", _directory.Path]);
        info.Environment["CAM_PASSWORD"] = "s3cret";
        return ProcessRun.RunAsync(info, TimeSpan.FromSeconds(60));
    }
}

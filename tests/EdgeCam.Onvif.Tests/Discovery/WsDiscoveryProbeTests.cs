using System.Net;
using System.Net.Sockets;
using EdgeCam.Onvif.Discovery;
using EdgeCam.Testing.Onvif;

namespace EdgeCam.Onvif.Tests.Discovery;

[Trait("Category", "Integration")]
public sealed class WsDiscoveryProbeTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private static readonly OnvifTestProfile[] Profiles = [new("main", "Main", 1920, 1080)];

    [Fact]
    public async Task ProbeAsync_CameraProcessOnLoopback_FindsItsDeviceAddressNameAndHardware()
    {
        var ct = _timeout.Token;
        await using var camera = await OnvifCameraProcess.StartAsync("Porch Cam", "IPC-Test 2000", "admin", "pw", "rtsp://127.0.0.1:1", Profiles, ct);

        var found = await new WsDiscoveryProbe(camera.DiscoveryEndpoint, TimeSpan.FromSeconds(2)).ProbeAsync(ct);

        var match = Assert.Single(found);
        Assert.Equal(camera.DeviceAddress, Assert.Single(match.XAddrs));
        Assert.Equal("Porch Cam", match.Name);
        Assert.Equal("IPC-Test 2000", match.Hardware);
        Assert.Contains("probe from 127.0.0.1", camera.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NoResponderOnTarget_ReturnsEmptyAfterWindow()
    {
        using var unused = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var silent = (IPEndPoint)unused.Client.LocalEndPoint!;

        var found = await new WsDiscoveryProbe(silent, TimeSpan.FromMilliseconds(300)).ProbeAsync(_timeout.Token);

        Assert.Empty(found);
    }

    public void Dispose() => _timeout.Dispose();
}

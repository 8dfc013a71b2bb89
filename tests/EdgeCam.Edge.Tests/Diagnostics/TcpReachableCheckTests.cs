using System.Net;
using System.Net.Sockets;
using EdgeCam.Edge.Diagnostics;

namespace EdgeCam.Edge.Tests.Diagnostics;

public class TcpReachableCheckTests
{
    [Fact]
    public async Task RunAsync_ListeningLoopbackPort_Ok()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var result = await new TcpReachableCheck("edgehub", "127.0.0.1", port, "edgeHub").RunAsync(CancellationToken.None);

            Assert.Equal(new CheckResult("edgehub", CheckStatus.Ok, $"127.0.0.1:{port} accepts connections."), result);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task RunAsync_ClosedLoopbackPort_FailsSayingRefused()
    {
        var port = ClosedPort();

        var result = await new TcpReachableCheck("storage", "127.0.0.1", port, "the storage account").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith($"127.0.0.1:{port} refused or unreachable (ConnectionRefused); check the storage account", result.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnresolvableHost_FailsSayingDns()
    {
        // .invalid never resolves (RFC 6761); the resolver answers locally.
        var result = await new TcpReachableCheck("iothub", "edgecam-doctor.invalid", 8883, "IoT Hub").RunAsync(CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("edgecam-doctor.invalid", result.Line, StringComparison.Ordinal);
    }

    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

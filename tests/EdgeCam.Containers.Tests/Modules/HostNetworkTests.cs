using System.Runtime.Versioning;
using EdgeCam.Testing;
using EdgeCam.Testing.IotEdge;
using EdgeCam.Testing.Mosquitto;

namespace EdgeCam.Containers.Tests.Modules;

/// <summary>
/// A module container on the host network (--network host: the host's loopback is the container's) talking MQTT to a
/// Mosquitto on 127.0.0.1 in edgeHub's place: the transport and TLS trust the deployment's edgeHub will see.
/// </summary>
[Collection(ModuleImagesCollection.Name)]
[SupportedOSPlatform("linux")]
public class HostNetworkTests(ModuleImagesFixture images)
{
    private const string Module = "EventRouter";
    private static readonly string ModuleKey = Convert.ToBase64String(new byte[32]);
    private static readonly UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task Container_HostNetworkMosquittoAsEdgeHub_ConnectsOverTlsWithItsIdentity()
    {
        var ct = CancellationToken.None;
        await using var broker = await MosquittoBroker.StartAsync(ct);
        using var files = new TempDirectory("edgecam-container-ca");
        var caFile = files.Combine("ca.crt");
        File.Copy(broker.CaFile, caFile);
        File.SetUnixFileMode(caFile, ReadableByAll);
        var connectionString = $"HostName=hub.example;DeviceId=pi;ModuleId={Module};SharedAccessKey={ModuleKey};GatewayHostName={MosquittoBroker.Host}";

        var logs = await RunUntilConnectedAsync(
            broker,
            ["-v", caFile + ":/run/edgecam/ca.crt:ro", "-e", "EdgeHubConnectionString=" + connectionString, "-e", "EdgeModuleCACertificateFile=/run/edgecam/ca.crt"],
            ct);

        Assert.Contains($"as pi/{Module}", broker.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_IotEdgeEnvironmentAndMountedWorkloadSocket_SignsThroughItAndConnects()
    {
        var ct = CancellationToken.None;
        await using var broker = await MosquittoBroker.StartAsync(ct);
        using var files = new TempDirectory("edgecam-container-workload");
        await using var workload = await FakeWorkloadApi.StartAsync(files.Combine("workload.sock"), ModuleKey, await File.ReadAllTextAsync(broker.CaFile, ct), ct);
        // edgelet's module socket accepts any local user; Kestrel creates it 0755, which the image's user 1654 cannot connect to.
        File.SetUnixFileMode(workload.SocketPath, ReadableByAll | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);

        var logs = await RunUntilConnectedAsync(
            broker,
            [
                "-v", workload.SocketPath + ":/var/run/iotedge/workload.sock",
                "-e", "IOTEDGE_IOTHUBHOSTNAME=hub.example", "-e", "IOTEDGE_DEVICEID=pi", "-e", $"IOTEDGE_MODULEID={Module}",
                "-e", "IOTEDGE_MODULEGENERATIONID=gen1", "-e", "IOTEDGE_WORKLOADURI=unix:///var/run/iotedge/workload.sock",
                "-e", "IOTEDGE_AUTHSCHEME=sasToken", "-e", $"IOTEDGE_GATEWAYHOSTNAME={MosquittoBroker.Host}",
            ],
            ct);

        Assert.Contains(workload.SignRequests, r => r.ModuleId == Module && r.GenerationId == "gen1");
        Assert.True(workload.TrustBundleRequests > 0, "the module fetched edgeHub's trust bundle from the workload API");
        Assert.Contains($"as pi/{Module}", broker.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", logs, StringComparison.Ordinal);
    }

    /// <summary>Runs the module's container on the host network until it logs its connection to the broker; returns its log.</summary>
    private async Task<string> RunUntilConnectedAsync(MosquittoBroker broker, IReadOnlyList<string> options, CancellationToken ct)
    {
        var name = $"edgecam-test-hostnet-{Guid.NewGuid():N}"[..32];
        await images.Docker.RunAsync(
            ["run", "-d", "--name", name, "--network", "host", "-e", $"EDGECAM_EDGEHUB_PORT={broker.TlsPort}", .. options, ModuleImage.Named(Module).Tag],
            ct);
        try
        {
            var logs = string.Empty;
            var connected = $"pi/{Module}: connected to {MosquittoBroker.Host}:{broker.TlsPort}";
            await Eventually.TrueAsync(
                () =>
                {
                    var result = images.Docker.TryRunAsync(["logs", name], ct).GetAwaiter().GetResult();
                    logs = result.StandardOutput + result.StandardError;
                    return logs.Contains(connected, StringComparison.Ordinal);
                },
                $"{Module} in its container connects to the broker on the host's loopback",
                timeoutMs: 60_000);
            return logs;
        }
        finally
        {
            await images.Docker.TryRunAsync(["rm", "-f", name], ct);
        }
    }
}

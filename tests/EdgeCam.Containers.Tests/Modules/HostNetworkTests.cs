using System.Runtime.Versioning;
using EdgeCam.Testing;
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
    [Fact]
    public async Task Container_HostNetworkMosquittoAsEdgeHub_ConnectsOverTlsWithItsIdentity()
    {
        var ct = CancellationToken.None;
        await using var broker = await MosquittoBroker.StartAsync(ct);
        using var certificates = new TempDirectory("edgecam-container-ca");
        var caFile = certificates.Combine("ca.crt");
        File.Copy(broker.CaFile, caFile);
        File.SetUnixFileMode(caFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var module = "EventRouter";
        var name = $"edgecam-test-hostnet-{Guid.NewGuid():N}"[..32];
        var connectionString = $"HostName=hub.example;DeviceId=pi;ModuleId={module};SharedAccessKey={Convert.ToBase64String(new byte[32])};GatewayHostName={MosquittoBroker.Host}";

        await images.Docker.RunAsync(
            [
                "run", "-d", "--name", name, "--network", "host",
                "-v", caFile + ":/run/edgecam/ca.crt:ro",
                "-e", "EdgeHubConnectionString=" + connectionString,
                "-e", "EdgeModuleCACertificateFile=/run/edgecam/ca.crt",
                "-e", $"EDGECAM_EDGEHUB_PORT={broker.TlsPort}",
                ModuleImage.Named(module).Tag,
            ],
            ct);
        try
        {
            var logs = string.Empty;
            var connected = $"pi/{module}: connected to {MosquittoBroker.Host}:{broker.TlsPort}";
            await Eventually.TrueAsync(
                () =>
                {
                    var result = images.Docker.TryRunAsync(["logs", name], ct).GetAwaiter().GetResult();
                    logs = result.StandardOutput + result.StandardError;
                    return logs.Contains(connected, StringComparison.Ordinal);
                },
                $"{module} in its container connects to the broker on the host's loopback",
                timeoutMs: 60_000);

            Assert.Contains($"as pi/{module}", broker.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("cannot connect", logs, StringComparison.Ordinal);
        }
        finally
        {
            await images.Docker.TryRunAsync(["rm", "-f", name], ct);
        }
    }
}

using System.Net.Sockets;
using System.Text;
using EdgeCam.Edge.Identity.IotEdge;
using EdgeCam.Edge.IotHub;
using EdgeCam.Testing;
using EdgeCam.Testing.IotEdge;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.IotHub.Tests.Identity.IotEdge;

[Trait("Category", "Integration")]
public sealed class WorkloadApiClientTests : IDisposable
{
    public const string ModuleKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly TempDirectory _directory = new("workload");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task SignAsync_OverTheUnixSocket_ReturnsTheDaemonsDigest()
    {
        await using var api = await StartAsync();
        using var client = Client(api);

        var digest = await client.SignAsync("CameraCapture", "gen1", Encoding.UTF8.GetBytes("hub/devices/d\n123"), CancellationToken.None);

        Assert.Equal(api.Sign("hub/devices/d\n123"), digest);
        var request = Assert.Single(api.SignRequests);
        Assert.Equal(new WorkloadSignRequest("CameraCapture", "gen1", "2018-06-28", "hub/devices/d\n123"), request);
    }

    [Fact]
    public async Task Credentials_CreateSasToken_SignsTheModuleAudienceThroughTheWorkloadApi()
    {
        await using var api = await StartAsync();
        using var client = Client(api);
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var variables = IotEdgeEnvironmentTests.Variables(api.WorkloadUri);
        var credentials = new IotEdgeModuleCredentials(IotEdgeEnvironment.TryRead(n => variables.GetValueOrDefault(n), out _)!, client, time);

        var token = await credentials.CreateSasTokenAsync(TimeSpan.FromHours(1), CancellationToken.None);

        var local = SasToken.Create(SasToken.ResourceUri("myhub.azure-devices.net", "pi-1", "CameraCapture"), ModuleKey, time.GetUtcNow().AddHours(1));
        Assert.Equal(local, token);
        Assert.Equal("myhub.azure-devices.net%2Fdevices%2Fpi-1%2Fmodules%2FCameraCapture\n1800003600", Assert.Single(api.SignRequests).Data);
    }

    [Fact]
    public async Task GetTrustBundleAsync_WritesAPemFileTlsCanUse()
    {
        await using var api = await StartAsync();
        using var client = Client(api);

        var pem = await client.GetTrustBundleAsync(CancellationToken.None);
        var file = await TrustBundleFile.WriteAsync(pem, _directory.Combine("trust"), "bundle.pem", CancellationToken.None);

        Assert.Equal(1, TrustBundleFile.CountCertificates(await File.ReadAllTextAsync(file)));
        await Assert.ThrowsAsync<WorkloadApiException>(() => TrustBundleFile.WriteAsync("not a certificate", _directory.Path, "x.pem", CancellationToken.None));
    }

    [Fact]
    public async Task SignAsync_Refused403_ThrowsOnceWithTheReason_ServerErrorsAreRetried()
    {
        await using var api = await StartAsync();
        using var client = Client(api);

        api.SignStatus = 403;
        var refused = await Assert.ThrowsAsync<WorkloadApiException>(() => client.SignAsync("CameraCapture", "gen1", "x"u8.ToArray(), CancellationToken.None));
        api.SignStatus = 500;
        var failing = await Assert.ThrowsAsync<WorkloadApiException>(() => client.SignAsync("CameraCapture", "gen1", "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(403, refused.Status);
        Assert.Contains("only signs for the module whose container calls it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, api.SignRequests.Count);
        Assert.Contains("after 3 attempts", failing.Message, StringComparison.Ordinal);
        Assert.Equal(2, _logs.Entries.Count(e => e.EventId == 401));
    }

    [Fact]
    public async Task SignAsync_SocketMissing_OneLineNamingThePathAndWhatToCheck()
    {
        var path = _directory.Combine("workload.sock");
        using var client = new WorkloadApiClient(path, "2018-06-28", TimeProvider.System, null, TimeSpan.FromMilliseconds(10));

        var ex = await Assert.ThrowsAsync<WorkloadApiException>(() => client.SignAsync("m", "g", "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(
            $"IoT Edge workload API sign for module 'm': the workload socket {path} does not exist; is this module running under IoT Edge "
            + "(edgeAgent starts it with IOTEDGE_WORKLOADURI set and the socket mounted), and is /var/run/iotedge/workload.sock mounted at that path?",
            ex.Message);
        Assert.Null(ex.Status);
    }

    [Fact]
    public async Task SignAsync_SocketThereButNobodyListens_SaysItRefusesAndToCheckTheDaemon()
    {
        // A socket file bound but not listening, as after the daemon died: connect() answers ECONNREFUSED.
        var path = _directory.Combine("workload.sock");
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        using var client = new WorkloadApiClient(path, "2018-06-28", TimeProvider.System, null, TimeSpan.FromMilliseconds(10));

        var ex = await Assert.ThrowsAsync<WorkloadApiException>(() => client.GetTrustBundleAsync(CancellationToken.None));

        Assert.Equal(
            $"IoT Edge workload API trust-bundle: the workload socket {path} refuses connections; is the IoT Edge daemon running (sudo iotedge system status)?",
            ex.Message);
    }

    private Task<FakeWorkloadApi> StartAsync() =>
        FakeWorkloadApi.StartAsync(_directory.Combine("workload.sock"), ModuleKey, File.ReadAllText(TestCertificates.Instance.CaFile), CancellationToken.None);

    private WorkloadApiClient Client(FakeWorkloadApi api) =>
        new(api.SocketPath, "2018-06-28", TimeProvider.System, _logs.CreateLogger<WorkloadApiClient>(), TimeSpan.FromMilliseconds(10));
}

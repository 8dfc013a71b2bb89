using System.Text;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.IotHub.Tests.Identity.IotEdge;
using EdgeCam.Testing;
using EdgeCam.Testing.IotEdge;
using EdgeCam.Testing.IotHub;
using EdgeCam.Testing.Logging;
using EdgeCam.Testing.Mosquitto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static EdgeCam.Edge.IotHub.Tests.IotHub.IotHubTestClient;

namespace EdgeCam.Edge.IotHub.Tests.Identity;

[Trait("Category", "Integration")]
public sealed class EdgeModuleHostTests : IDisposable
{
    private readonly TempDirectory _directory = new("edgehost");
    private readonly RecordingLoggerProvider _logs = new();

    public void Dispose()
    {
        _directory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task RunAsync_IotEdgeEnvironment_ConnectsToEdgeHubGetsTheTwinAndSendsAnOutput()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, Json("""{"greeting":"hello"}"""), CancellationToken.None);
        await using var workload = await FakeWorkloadApi.StartAsync(_directory.Combine("workload.sock"), WorkloadApiClientTests.ModuleKey, File.ReadAllText(broker.CaFile), CancellationToken.None);
        var variables = IotEdgeEnvironmentTests.Variables(workload.WorkloadUri);
        variables["IOTEDGE_MODULEID"] = "Probe";
        variables[ModuleIdentityRegistration.PortVariable] = broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        variables[ModuleIdentityRegistration.TrustBundleDirectoryVariable] = _directory.Combine("trust");
        var probe = new ProbeModule();
        using var stop = new CancellationTokenSource();

        var run = EdgeModuleHost.RunAsync(Builder(variables, probe), "Probe", stop.Token);
        var greeting = await probe.Greeting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var sent = await hub.WaitForAsync(m => m.Topic.Contains("/messages/events/", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        int exitCode = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
        Assert.Equal("hello", greeting);
        Assert.StartsWith("devices/pi-1/modules/Probe/messages/events/", sent.Topic, StringComparison.Ordinal);
        Assert.Contains("%24.on=alerts", sent.Topic, StringComparison.Ordinal);
        Assert.Equal(1, workload.TrustBundleRequests);
        var signed = workload.SignRequests.First();
        Assert.Equal(("Probe", "637000000000000000"), (signed.ModuleId, signed.GenerationId));
        Assert.StartsWith("myhub.azure-devices.net%2Fdevices%2Fpi-1%2Fmodules%2FProbe\n", signed.Data, StringComparison.Ordinal);
        Assert.Contains("u'localhost/pi-1/Probe/?api-version=", broker.Log, StringComparison.Ordinal);
        var digest = workload.Sign(signed.Data);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(digest, e.Message, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(Uri.EscapeDataString(digest), e.Message, StringComparison.Ordinal));
        Assert.All(_logs.Entries, e => Assert.DoesNotContain("SharedAccessSignature", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EdgeHubConnectionString_ConnectsWithTheGivenCa()
    {
        await using var broker = await MosquittoBroker.StartAsync(CancellationToken.None);
        await using var hub = await TestIotHub.StartAsync(broker, Json("""{"greeting":"from a connection string"}"""), CancellationToken.None);
        var variables = new Dictionary<string, string?>
        {
            [ModuleIdentityRegistration.EdgeHubConnectionStringVariable] = $"HostName=myhub.azure-devices.net;DeviceId=pi-1;ModuleId=Probe;SharedAccessKey={Key};GatewayHostName=localhost",
            [ModuleIdentityRegistration.CaFileVariable] = broker.CaFile,
            [ModuleIdentityRegistration.PortVariable] = broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var probe = new ProbeModule();
        using var stop = new CancellationTokenSource();

        var run = EdgeModuleHost.RunAsync(Builder(variables, probe), "Probe", stop.Token);
        var greeting = await probe.Greeting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("from a connection string", greeting);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoIdentity_Returns1()
    {
        var exitCode = await EdgeModuleHost.RunAsync(Builder([], new ProbeModule()), "Probe", CancellationToken.None);

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public void TryAddModuleIdentity_PartialEnvironment_NamesTheMissingVariables()
    {
        var variables = IotEdgeEnvironmentTests.Variables();
        variables.Remove("IOTEDGE_WORKLOADURI");
        variables.Remove("IOTEDGE_AUTHSCHEME");

        var problem = new ServiceCollection().TryAddModuleIdentity(new ConfigurationBuilder().AddInMemoryCollection(variables).Build());

        Assert.NotNull(problem);
        Assert.StartsWith("no IoT Edge environment: IOTEDGE_WORKLOADURI, IOTEDGE_AUTHSCHEME are not set", problem, StringComparison.Ordinal);
        Assert.Contains("EdgeHubConnectionString", problem, StringComparison.Ordinal);
    }

    private HostApplicationBuilder Builder(Dictionary<string, string?> variables, ProbeModule probe)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(variables);
        builder.AddEdgeModuleDefaults();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Services.AddEdgeModule("Probe", _ => probe);
        return builder;
    }

    private sealed class ProbeModule : IEdgeModule
    {
        public TaskCompletionSource<string> Greeting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
        {
            client.SetDesiredPropertiesHandler((_, _) => Task.CompletedTask);
            await client.OpenAsync(cancellationToken);
            var twin = await client.GetTwinAsync(cancellationToken);
            await client.SendAsync("alerts", new ModuleMessage(Encoding.UTF8.GetBytes("""{"alert":1}""")), cancellationToken);
            Greeting.TrySetResult((string)twin.Desired["greeting"]!);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

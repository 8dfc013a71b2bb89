using EdgeCam.Agent.Systemd;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Routing;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Agent.Tests.Systemd;

[Trait("Category", "Unit")]
public sealed class PipelineHealthTests
{
    [Fact]
    public async Task WhyUnhealthy_ModulesRunning_IsNull()
    {
        var ending = new TaskCompletionSource();
        using var host = await StartAsync(ending.Task);

        var health = new PipelineHealth(host);

        Assert.Null(health.WhyUnhealthy());
        ending.SetResult();
        await host.StopAsync();
    }

    [Fact]
    public async Task WhyUnhealthy_ModuleReturned_NamesIt()
    {
        var ending = new TaskCompletionSource();
        using var host = await StartAsync(ending.Task);
        var health = new PipelineHealth(host);

        ending.SetResult();
        var service = host.Services.GetServices<IHostedService>().OfType<IModuleService>().Single(m => m.ModuleId == "Ending");
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("module Ending is not running (rantocompletion)", health.WhyUnhealthy());
        await host.StopAsync();
    }

    [Fact]
    public async Task WhyUnhealthy_HostStopping_SaysSo()
    {
        var ending = new TaskCompletionSource();
        using var host = await StartAsync(ending.Task);
        var health = new PipelineHealth(host);

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Equal("the host is stopping", health.WhyUnhealthy());
        await host.StopAsync();
    }

    private static async Task<IHost> StartAsync(Task ending)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IModuleClientFactory>(new InProcessHub(RouteTable.Empty, new Dictionary<string, System.Text.Json.Nodes.JsonObject>(), new RecordingUpstreamSink(), TimeProvider.System, NullLoggerFactory.Instance));
        builder.Services.AddEdgeModule("Steady", _ => new WaitingModule(Task.Delay(Timeout.Infinite)));
        builder.Services.AddEdgeModule("Ending", _ => new WaitingModule(ending));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    // Runs until its task completes or the host stops.
    private sealed class WaitingModule(Task until) : IEdgeModule
    {
        public Task RunAsync(IModuleClient client, CancellationToken cancellationToken) => until.WaitAsync(cancellationToken);
    }
}

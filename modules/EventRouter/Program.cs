using EdgeCam.Edge.Hosting;
using EdgeCam.EventRouter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddEventRouter();
using var host = builder.Build();

if (host.Services.GetService<IModuleClientFactory>() is null)
{
    await Console.Error.WriteLineAsync(
        "EventRouter cannot run as a standalone IoT Edge module yet: IoT Edge hosting arrives with the MQTT transport. Run it inside the agent (device/EdgeCam.Agent).");
    return 1;
}

await host.RunAsync();
return 0;

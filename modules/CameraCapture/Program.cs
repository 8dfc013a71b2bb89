using EdgeCam.CameraCapture;
using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
var moduleId = builder.Configuration["IOTEDGE_MODULEID"] ?? "CameraCapture";
var volume = new SharedVolume(builder.Configuration["EDGECAM_DATA"] ?? "/var/lib/edgecam");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEdgeModule(moduleId, sp => new CameraCaptureModule(
    volume,
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<ILogger<CameraCaptureModule>>()));

using var host = builder.Build();
if (host.Services.GetService<IModuleClientFactory>() is null)
{
    await Console.Error.WriteLineAsync(
        "CameraCapture cannot connect to IoT Edge yet: IoT Edge hosting arrives with the MQTT transport. "
        + "Run the module inside the agent (device/EdgeCam.Agent) for now.");
    return 1;
}

await host.RunAsync();
return 0;

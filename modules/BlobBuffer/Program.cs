using EdgeCam.BlobBuffer;
using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
var volume = new SharedVolume(builder.Configuration["EDGECAM_DATA"] ?? "/var/lib/edgecam");
var options = BlobBufferOptions.FromConfiguration(builder.Configuration);
builder.Services.AddEdgeModule("BlobBuffer", sp => new BlobBufferModule(volume, options, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));

if (!builder.Services.Any(d => d.ServiceType == typeof(IModuleClientFactory)))
{
    await Console.Error.WriteLineAsync("BlobBuffer cannot run standalone yet: IoT Edge hosting arrives with the MQTT transport. Run it inside the EdgeCam agent (device/).");
    return 1;
}

await builder.Build().RunAsync();
return 0;

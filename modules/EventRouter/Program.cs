using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.EventRouter;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
if (DoctorCommand.IsRequested(args))
{
    return await DoctorCommand.RunAsync(builder.Configuration, [], CancellationToken.None);
}

builder.Services.AddEventRouter(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, "EventRouter");

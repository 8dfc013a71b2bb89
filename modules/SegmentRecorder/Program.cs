using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.SegmentRecorder;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
if (DoctorCommand.IsRequested(args))
{
    return await DoctorCommand.RunAsync(builder.Configuration, [], CancellationToken.None);
}

builder.Services.AddSegmentRecorder(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, "SegmentRecorder");

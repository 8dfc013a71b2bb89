using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.SegmentRecorder;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddSegmentRecorder(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, "SegmentRecorder");

using EdgeCam.BlobBuffer;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddBlobBuffer(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, "BlobBuffer");

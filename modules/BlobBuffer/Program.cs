using EdgeCam.BlobBuffer;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddBlobBuffer(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, "BlobBuffer");

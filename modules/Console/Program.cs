using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.WebConsole;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddWebConsole(builder.Configuration);
return await EdgeModuleHost.RunAsync(builder, ConsoleRegistration.DefaultModuleId);

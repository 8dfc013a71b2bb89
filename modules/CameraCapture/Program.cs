using EdgeCam.CameraCapture;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.Edge.Identity.IotEdge;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddCameraCapture(builder.Configuration, builder.Configuration[IotEdgeEnvironment.ModuleIdVariable] ?? CameraCaptureRegistration.DefaultModuleId);
return await EdgeModuleHost.RunAsync(builder, "CameraCapture");

using EdgeCam.CameraCapture;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
builder.Services.AddCameraCapture(builder.Configuration, builder.Configuration["IOTEDGE_MODULEID"] ?? CameraCaptureRegistration.DefaultModuleId);
return await EdgeModuleHost.RunAsync(builder, "CameraCapture");

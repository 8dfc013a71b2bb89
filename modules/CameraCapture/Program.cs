using EdgeCam.CameraCapture;
using EdgeCam.CameraCapture.Diagnostics;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.Edge.Identity.IotEdge;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddEdgeModuleDefaults();
if (DoctorCommand.IsRequested(args))
{
    return await DoctorCommand.RunAsync(builder.Configuration, CameraChecks.For(args[1..]), CancellationToken.None);
}

builder.Services.AddCameraCapture(builder.Configuration, builder.Configuration[IotEdgeEnvironment.ModuleIdVariable] ?? CameraCaptureRegistration.DefaultModuleId);
return await EdgeModuleHost.RunAsync(builder, "CameraCapture");

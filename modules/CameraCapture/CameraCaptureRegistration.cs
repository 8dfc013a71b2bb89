using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture;

/// <summary>Registers CameraCapture in a host (the standalone container or the agent).</summary>
public static class CameraCaptureRegistration
{
    /// <summary>The module id CameraCapture has in deployment.template.json.</summary>
    public const string DefaultModuleId = "CameraCapture";

    /// <summary>
    /// Hosts <see cref="CameraCaptureModule"/> under <paramref name="moduleId"/> (deploy it twice under two ids for two
    /// cameras), on the volume named by <c>EDGECAM_DATA</c>.
    /// </summary>
    public static IServiceCollection AddCameraCapture(this IServiceCollection services, IConfiguration configuration, string moduleId = DefaultModuleId)
    {
        var volume = SharedVolumeSetting.From(configuration);
        return services.AddEdgeModule(moduleId, sp => new CameraCaptureModule(
            volume,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CameraCaptureModule>>()));
    }
}

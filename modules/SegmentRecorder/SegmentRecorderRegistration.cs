using EdgeCam.Contracts;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder;

/// <summary>Registers SegmentRecorder in a host (the standalone container or the agent).</summary>
public static class SegmentRecorderRegistration
{
    /// <summary>Environment variable holding the shared volume root.</summary>
    public const string DataRootVariable = "EDGECAM_DATA";

    /// <summary>Shared volume root when <see cref="DataRootVariable"/> is not set (the host bind mount of the deployment).</summary>
    public const string DefaultDataRoot = "/var/lib/edgecam";

    /// <summary>Hosts <see cref="SegmentRecorderModule"/> under <paramref name="moduleId"/>, on the volume named by <c>EDGECAM_DATA</c>.</summary>
    public static IServiceCollection AddSegmentRecorder(this IServiceCollection services, IConfiguration configuration, string moduleId = "SegmentRecorder")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration[DataRootVariable];
        var volume = new SharedVolume(string.IsNullOrWhiteSpace(root) ? DefaultDataRoot : root);
        return services.AddEdgeModule(moduleId, sp => new SegmentRecorderModule(
            volume,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}

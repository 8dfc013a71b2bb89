using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder;

/// <summary>Registers SegmentRecorder in a host (the standalone container or the agent).</summary>
public static class SegmentRecorderRegistration
{
    /// <summary>Hosts <see cref="SegmentRecorderModule"/> under <paramref name="moduleId"/>, on the volume named by <c>EDGECAM_DATA</c>.</summary>
    public static IServiceCollection AddSegmentRecorder(this IServiceCollection services, IConfiguration configuration, string moduleId = "SegmentRecorder")
    {
        var volume = SharedVolumeSetting.From(configuration);
        return services.AddEdgeModule(moduleId, sp => new SegmentRecorderModule(
            volume,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}

using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter;

/// <summary>Registers EventRouter as a hosted module.</summary>
public static class EventRouterRegistration
{
    /// <summary>The module id EventRouter has in deployment.template.json.</summary>
    public const string DefaultModuleId = "EventRouter";

    /// <summary>Hosts <see cref="EventRouterModule"/> under <paramref name="moduleId"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">Where the sinks' secrets, the device id and the shared volume come from (<see cref="EventRouterEnvironment"/>).</param>
    /// <param name="moduleId">The module id.</param>
    public static IServiceCollection AddEventRouter(this IServiceCollection services, IConfiguration configuration, string moduleId = DefaultModuleId)
        => services.AddEdgeModule(moduleId, sp => new EventRouterModule(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventRouterModule>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            EventRouterEnvironment.From(configuration)));
}

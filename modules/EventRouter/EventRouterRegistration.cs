using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter;

/// <summary>Registers EventRouter as a hosted module.</summary>
public static class EventRouterRegistration
{
    /// <summary>The module id EventRouter has in deployment.template.json.</summary>
    public const string DefaultModuleId = "EventRouter";

    /// <summary>Hosts <see cref="EventRouterModule"/> under <paramref name="moduleId"/>.</summary>
    public static IServiceCollection AddEventRouter(this IServiceCollection services, string moduleId = DefaultModuleId)
        => services.AddEdgeModule(moduleId, sp => new EventRouterModule(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventRouterModule>>()));
}

using EdgeCam.Edge.Hosting;
using EdgeCam.WebConsole.Settings;
using EdgeCam.WebConsole.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.WebConsole;

/// <summary>Registers the web console as a hosted module.</summary>
public static class ConsoleRegistration
{
    /// <summary>The module id the console has in a deployment (and in the agent).</summary>
    public const string DefaultModuleId = "Console";

    /// <summary>The route that brings every module message to the console's input.</summary>
    public static string Route(string moduleId = DefaultModuleId) =>
        $"FROM /messages/modules/* INTO BrokeredEndpoint(\"/modules/{moduleId}/inputs/{ConsoleModule.EventsInput}\")";

    /// <summary>Hosts <see cref="ConsoleModule"/> under <paramref name="moduleId"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The shared volume and the console's port, password file and TLS (<see cref="ConsoleOptions"/>).</param>
    /// <param name="moduleId">The module id.</param>
    /// <param name="twins">The other modules' twins, when the host has them (the agent); null in a container.</param>
    public static IServiceCollection AddWebConsole(this IServiceCollection services, IConfiguration configuration, string moduleId = DefaultModuleId, Func<IServiceProvider, ITwinView>? twins = null)
    {
        services.AddSingleton(sp => new ConsoleModule(ConsoleOptions.From(configuration), twins?.Invoke(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        return services.AddEdgeModule(moduleId, sp => sp.GetRequiredService<ConsoleModule>());
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Hosting;

/// <summary>Registers modules as hosted services.</summary>
public static class EdgeModuleRegistration
{
    /// <summary>
    /// Hosts <typeparamref name="TModule"/> under <paramref name="moduleId"/>. <paramref name="create"/> builds the module
    /// (so two cameras can run the same module type with different ids and settings).
    /// </summary>
    public static IServiceCollection AddEdgeModule<TModule>(this IServiceCollection services, string moduleId, Func<IServiceProvider, TModule> create)
        where TModule : IEdgeModule
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        services.AddSingleton<IHostedService>(sp => new EdgeModuleService<TModule>(
            moduleId,
            create(sp),
            sp.GetRequiredService<IModuleClientFactory>(),
            sp.GetRequiredService<ILogger<EdgeModuleService<TModule>>>()));
        return services;
    }
}

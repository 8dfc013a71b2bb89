using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Hosting;

/// <summary>The setup every EdgeCam host shares: container-friendly logs, the system clock, a shutdown budget.</summary>
public static class EdgeModuleDefaults
{
    /// <summary>
    /// How long the host gives services to stop. <c>docker stop</c> (and so edgeAgent) sends SIGKILL 10 s after
    /// SIGTERM; stopping within 8 s leaves room for the runtime to exit cleanly.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    /// <summary>Single-line console logs with UTC timestamps, <see cref="TimeProvider.System"/>, and <see cref="ShutdownTimeout"/>.</summary>
    public static IServiceCollection AddEdgeModuleDefaults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.IncludeScopes = false;
        }));
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        return services;
    }

    /// <summary>
    /// Replaces the builder's default log providers (console, debug, event source) with the EdgeCam console, and adds
    /// the defaults; when <see cref="HeartbeatFileWriter.Variable"/> names a file, also the <see cref="HeartbeatFileWriter"/>.
    /// </summary>
    public static TBuilder AddEdgeModuleDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Services.AddEdgeModuleDefaults();
        if (builder.Configuration[HeartbeatFileWriter.Variable] is { Length: > 0 } heartbeatFile)
        {
            builder.Services.AddHostedService(services => new HeartbeatFileWriter(
                heartbeatFile, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<HeartbeatFileWriter>>()));
        }

        return builder;
    }
}

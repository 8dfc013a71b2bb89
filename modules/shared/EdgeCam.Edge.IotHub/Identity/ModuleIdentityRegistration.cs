using System.Globalization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Identity;
using EdgeCam.Edge.Identity.IotEdge;
using EdgeCam.Edge.IotHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Identity;

/// <summary>
/// Gives a standalone module its identity, as <c>ModuleClient.CreateFromEnvironmentAsync</c> does: a connection string
/// (<c>EdgeHubConnectionString</c> or <c>IotHubConnectionString</c>, with <c>EdgeModuleCACertificateFile</c>) when one
/// is set (simulators, tests), otherwise the IoT Edge environment (<c>IOTEDGE_*</c> and the workload API).
/// </summary>
public static class ModuleIdentityRegistration
{
    public const string EdgeHubConnectionStringVariable = "EdgeHubConnectionString";
    public const string IotHubConnectionStringVariable = "IotHubConnectionString";
    public const string CaFileVariable = "EdgeModuleCACertificateFile";

    /// <summary>edgeHub's MQTT port when it is not 8883 (a development broker).</summary>
    public const string PortVariable = "EDGECAM_EDGEHUB_PORT";

    /// <summary>Where the trust bundle PEM is written; the temp folder by default.</summary>
    public const string TrustBundleDirectoryVariable = "EDGECAM_TRUST_BUNDLE_DIR";

    /// <summary>Registers an <see cref="IModuleClientFactory"/> from <paramref name="configuration"/> (environment variables).</summary>
    /// <returns>Null when registered; otherwise why not, naming the missing variables.</returns>
    /// <exception cref="FormatException">A variable is set but unusable (the message names it, never a key).</exception>
    public static string? TryAddModuleIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = BaseOptions(configuration);
        var connectionString = configuration[EdgeHubConnectionStringVariable] is { Length: > 0 } edgeHub ? edgeHub : configuration[IotHubConnectionStringVariable];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var credentials = new ConnectionStringCredentials(IotHubConnectionString.Parse(connectionString), TimeProvider.System);
            var caFile = configuration[CaFileVariable];
            var resolved = string.IsNullOrEmpty(caFile) ? options : options with { CaFile = caFile, CaDirectory = null };
            services.AddSingleton<IModuleClientFactory>(sp => new IotHubModuleClientFactory(
                credentials, _ => Task.FromResult(resolved), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
            return null;
        }

        var environment = IotEdgeEnvironment.TryRead(name => configuration[name], out var missing);
        if (environment is null)
        {
            return $"no IoT Edge environment: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set "
                + "(edgeAgent sets them when it starts the module; outside IoT Edge set "
                + $"{EdgeHubConnectionStringVariable}, or run the module inside the agent: device/demo.sh or edgecam-agent run)";
        }

        services.AddSingleton(environment);
        services.AddSingleton(sp => new WorkloadApiClient(
            environment.WorkloadSocketPath, environment.ApiVersion, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkloadApiClient>>()));
        services.AddSingleton(sp => new EdgeHubConnectionOptions(
            environment,
            sp.GetRequiredService<WorkloadApiClient>(),
            options,
            configuration[TrustBundleDirectoryVariable] is { Length: > 0 } directory ? directory : Path.Combine(Path.GetTempPath(), "edgecam")));
        services.AddSingleton<IModuleClientFactory>(sp => new IotHubModuleClientFactory(
            new IotEdgeModuleCredentials(environment, sp.GetRequiredService<WorkloadApiClient>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<EdgeHubConnectionOptions>().GetAsync,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return null;
    }

    private static IotHubClientOptions BaseOptions(IConfiguration configuration)
    {
        var options = new IotHubClientOptions();
        if (configuration[PortVariable] is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                throw new FormatException($"{PortVariable} is '{text}': expected a TCP port (1-65535)");
            }

            options = options with { Port = port };
        }

        return options;
    }
}

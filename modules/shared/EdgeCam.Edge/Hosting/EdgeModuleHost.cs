using EdgeCam.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Edge.Hosting;

/// <summary>What every module's <c>Program.cs</c> and the agent share: the shared volume setting and the run step.</summary>
public static class EdgeModuleHost
{
    /// <summary>Environment variable (configuration key) holding the shared volume root.</summary>
    public const string DataRootVariable = "EDGECAM_DATA";

    /// <summary>Shared volume root when <see cref="DataRootVariable"/> is not set: the host bind mount of the deployment.</summary>
    public const string DefaultDataRoot = "/var/lib/edgecam";

    /// <summary>The shared volume named by <c>EDGECAM_DATA</c>, or <see cref="DefaultDataRoot"/>.</summary>
    public static SharedVolume SharedVolumeFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration[DataRootVariable];
        return new SharedVolume(string.IsNullOrWhiteSpace(root) ? DefaultDataRoot : root);
    }

    /// <summary>Builds and runs a standalone module host until SIGTERM (see the overload with a token).</summary>
    public static Task<int> RunAsync(HostApplicationBuilder builder, string moduleName) => RunAsync(builder, moduleName, CancellationToken.None);

    /// <summary>
    /// Builds and runs a standalone module host. Unless something registered an <see cref="IModuleClientFactory"/>
    /// already, the module's identity comes from the environment (<see cref="ModuleIdentityRegistration"/>: a
    /// connection string, or <c>IOTEDGE_*</c> and the workload API). Without either it prints one line naming the
    /// missing variables and returns 1.
    /// </summary>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, string moduleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IModuleClientFactory)))
        {
            string? problem;
            try
            {
                problem = builder.Services.TryAddModuleIdentity(builder.Configuration);
            }
            catch (FormatException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"{moduleName} cannot start: {problem}");
                return 1;
            }
        }

        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return 0;
    }
}

using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeCam.Edge.Identity;

/// <summary>
/// The run step of every module's <c>Program.cs</c> in its own process (an IoT Edge container): the module's identity
/// from the environment, then the host until SIGTERM. The only public entry of the transport that module code names.
/// </summary>
public static class EdgeModuleHost
{
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

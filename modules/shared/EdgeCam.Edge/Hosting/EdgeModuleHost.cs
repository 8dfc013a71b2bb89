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

    /// <summary>
    /// Builds and runs a standalone module host. Until the MQTT transport to edgeHub exists nothing registers an
    /// <see cref="IModuleClientFactory"/>; then this prints one line saying so and returns 1 instead of pretending.
    /// </summary>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, string moduleName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        using var host = builder.Build();
        if (host.Services.GetService<IModuleClientFactory>() is null)
        {
            await Console.Error.WriteLineAsync(
                $"{moduleName} cannot run as a standalone IoT Edge module yet: the MQTT transport to edgeHub is not implemented. "
                + "Run it inside the agent (device/demo.sh or device/EdgeCam.Agent).");
            return 1;
        }

        await host.RunAsync();
        return 0;
    }
}

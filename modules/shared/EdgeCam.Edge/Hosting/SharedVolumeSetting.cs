using EdgeCam.Contracts;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.Edge.Hosting;

/// <summary>Where the shared volume is: the <c>EDGECAM_DATA</c> environment variable, or the deployment's bind mount.</summary>
public static class SharedVolumeSetting
{
    /// <summary>Environment variable (configuration key) holding the shared volume root.</summary>
    public const string Variable = "EDGECAM_DATA";

    /// <summary>Shared volume root when <see cref="Variable"/> is not set: the host bind mount of the deployment.</summary>
    public const string DefaultRoot = "/var/lib/edgecam";

    /// <summary>The shared volume named by <c>EDGECAM_DATA</c>, or <see cref="DefaultRoot"/>.</summary>
    public static SharedVolume From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration[Variable];
        return new SharedVolume(string.IsNullOrWhiteSpace(root) ? DefaultRoot : root);
    }
}

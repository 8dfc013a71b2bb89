using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Edge.FileUpload;
using EdgeCam.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer;

/// <summary>Registers BlobBuffer in a host (the standalone container or the agent).</summary>
public static class BlobBufferRegistration
{
    /// <summary>The module id BlobBuffer has in deployment.template.json.</summary>
    public const string DefaultModuleId = "BlobBuffer";

    /// <summary>
    /// Hosts <see cref="BlobBufferModule"/> under <paramref name="moduleId"/> on the shared volume, uploading with the
    /// credential of <see cref="BlobBufferOptions"/> (or to a local folder without one). A malformed connection string
    /// or SAS URL throws <see cref="FormatException"/> here, at registration, with one line naming the problem.
    /// <c>EDGECAM_STORAGE=iothub</c> needs an <see cref="IFileUploadSession"/> registered before this call (the agent
    /// registers one for its device identity); without one (an IoT Edge module) it throws
    /// <see cref="FormatException"/> with <see cref="BlobBufferOptions.FileUploadNeedsDeviceIdentity"/>.
    /// </summary>
    public static IServiceCollection AddBlobBuffer(this IServiceCollection services, IConfiguration configuration, string moduleId = DefaultModuleId)
    {
        var volume = SharedVolumeSetting.From(configuration);
        var options = BlobBufferOptions.FromConfiguration(configuration);
        _ = options.Credential();
        if (options.UsesIotHubFileUpload && !services.Any(d => d.ServiceType == typeof(IFileUploadSession)))
        {
            throw new FormatException(BlobBufferOptions.FileUploadNeedsDeviceIdentity);
        }

        return services.AddEdgeModule(moduleId, sp => new BlobBufferModule(
            volume,
            options,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            options.UsesIotHubFileUpload ? sp.GetRequiredService<IFileUploadSession>() : null));
    }
}

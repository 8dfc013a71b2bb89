using EdgeCam.BlobBuffer.Storage;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.BlobBuffer;

/// <summary>What BlobBuffer needs before it connects (environment and host configuration, never the twin).</summary>
public sealed record BlobBufferOptions
{
    /// <summary>Environment variable holding the storage connection string (a secret: never logged, never in the twin).</summary>
    public const string ConnectionStringVariable = "EDGECAM_STORAGE_CONNECTION_STRING";

    /// <summary>Environment variable overriding <see cref="ApiVersion"/>.</summary>
    public const string ApiVersionVariable = "EDGECAM_STORAGE_API_VERSION";

    /// <summary>Environment variable overriding <see cref="LocalFolder"/>.</summary>
    public const string LocalFolderVariable = "EDGECAM_UPLOAD_FOLDER";

    /// <summary>The storage connection string; null or empty selects the local folder target.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>The <c>x-ms-version</c> sent to storage (use 2019-12-12 or lower behind the blob edge module).</summary>
    public string ApiVersion { get; init; } = BlobRestClient.DefaultApiVersion;

    /// <summary>The local target's folder; default <c>&lt;shared volume&gt;/uploaded</c>.</summary>
    public string? LocalFolder { get; init; }

    /// <summary>The HTTP client for storage; default a new one owned by the module.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Reads the options from host configuration (environment variables included).</summary>
    public static BlobBufferOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new BlobBufferOptions
        {
            StorageConnectionString = configuration[ConnectionStringVariable],
            ApiVersion = configuration[ApiVersionVariable] is { Length: > 0 } version ? version : BlobRestClient.DefaultApiVersion,
            LocalFolder = configuration[LocalFolderVariable],
        };
    }
}

using EdgeCam.BlobBuffer.Storage;
using Microsoft.Extensions.Configuration;

namespace EdgeCam.BlobBuffer;

/// <summary>
/// What BlobBuffer needs before it connects (environment and host configuration, never the twin). The names of the
/// environment variables BlobBuffer reads are defined here and nowhere else.
/// </summary>
public sealed record BlobBufferOptions
{
    /// <summary>Environment variable holding an account connection string (a secret: never logged, never in the twin).</summary>
    public const string ConnectionStringVariable = "EDGECAM_STORAGE_CONNECTION_STRING";

    /// <summary>Environment variable holding a container SAS URL (a secret, like the connection string).</summary>
    public const string ContainerSasUrlVariable = "EDGECAM_STORAGE_SAS_URL";

    /// <summary>
    /// Environment variable choosing IoT Hub's file-upload flow (<see cref="IotHubStorage"/>): no storage credential on the
    /// device. Only the agent, with a device identity, can honour it.
    /// </summary>
    public const string StorageVariable = "EDGECAM_STORAGE";

    /// <summary>The value of <see cref="StorageVariable"/> that selects IoT Hub's file upload.</summary>
    public const string IotHubStorage = "iothub";

    /// <summary>Why <c>EDGECAM_STORAGE=iothub</c> is refused where no device identity offers file upload (an IoT Edge module).</summary>
    public const string FileUploadNeedsDeviceIdentity =
        $"{StorageVariable}={IotHubStorage} (IoT Hub file upload) needs a device identity, which only the EdgeCam agent has: an IoT Edge module cannot use file upload (module identities do not support it and edgeHub does not offer it); set {ContainerSasUrlVariable} instead.";

    /// <summary>
    /// Environment variable naming a file that holds a container SAS URL (a mounted secret or volume); the file is polled,
    /// and a renewed SAS written into it is used without a restart.
    /// </summary>
    public const string ContainerSasFileVariable = "EDGECAM_STORAGE_SAS_FILE";

    /// <summary>Environment variable overriding <see cref="LocalFolder"/>.</summary>
    public const string LocalFolderVariable = "EDGECAM_UPLOAD_FOLDER";

    /// <summary>An account connection string (Shared Key or <c>SharedAccessSignature</c>).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>A container SAS URL; set at most one of this and <see cref="StorageConnectionString"/>.</summary>
    public string? ContainerSasUrl { get; init; }

    /// <summary>True when uploads go through IoT Hub's file-upload flow (<c>EDGECAM_STORAGE=iothub</c>).</summary>
    public bool UsesIotHubFileUpload { get; init; }

    /// <summary>A file holding a container SAS URL, watched for renewals; set at most one credential.</summary>
    public string? ContainerSasFile { get; init; }

    /// <summary>The local target's folder, used when no credential is set; default <c>&lt;shared volume&gt;/uploaded</c>.</summary>
    public string? LocalFolder { get; init; }

    /// <summary>
    /// The credential of these options and, with <see cref="ContainerSasFile"/>, the file to watch; (null, null) selects
    /// the local folder target. More than one credential, or a malformed one, throws <see cref="FormatException"/> with one
    /// line naming the problem (never the key or the signature).
    /// </summary>
    public (BlobStorageCredential? Credential, StorageSasFile? SasFile) Credential()
    {
        if (string.IsNullOrWhiteSpace(ContainerSasFile))
        {
            return (BlobStorageCredential.From(StorageConnectionString, ContainerSasUrl), null);
        }

        if (!string.IsNullOrWhiteSpace(StorageConnectionString) || !string.IsNullOrWhiteSpace(ContainerSasUrl))
        {
            throw new FormatException($"{ContainerSasFileVariable} and {(string.IsNullOrWhiteSpace(ContainerSasUrl) ? ConnectionStringVariable : ContainerSasUrlVariable)} are both set; keep one.");
        }

        var (file, credential) = StorageSasFile.Open(ContainerSasFile);
        return (credential, file);
    }

    /// <summary>Reads the options from host configuration (environment variables included).</summary>
    public static BlobBufferOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BlobBufferOptions
        {
            StorageConnectionString = configuration[ConnectionStringVariable],
            ContainerSasUrl = configuration[ContainerSasUrlVariable],
            ContainerSasFile = configuration[ContainerSasFileVariable],
            LocalFolder = configuration[LocalFolderVariable],
            UsesIotHubFileUpload = ParseStorage(configuration[StorageVariable]),
        };
        if (options.UsesIotHubFileUpload && (!string.IsNullOrWhiteSpace(options.StorageConnectionString) || !string.IsNullOrWhiteSpace(options.ContainerSasUrl)))
        {
            throw new FormatException($"{StorageVariable}={IotHubStorage} uploads without a storage credential, but {ConnectionStringVariable} or {ContainerSasUrlVariable} is set too; keep one.");
        }

        return options;
    }

    /// <exception cref="FormatException">A value other than <see cref="IotHubStorage"/> (or none).</exception>
    private static bool ParseStorage(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? false
            : string.Equals(value.Trim(), IotHubStorage, StringComparison.OrdinalIgnoreCase)
                ? true
                : throw new FormatException($"{StorageVariable} must be '{IotHubStorage}' (IoT Hub file upload) or unset, got '{value.Trim()}'.");
}

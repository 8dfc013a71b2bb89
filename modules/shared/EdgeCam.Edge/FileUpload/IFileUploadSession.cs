namespace EdgeCam.Edge.FileUpload;

/// <summary>
/// IoT Hub's file-upload flow for a device identity, the one seam BlobBuffer sees: ask the hub for a SAS for one blob,
/// upload with it, tell the hub how it went. The device then holds no storage credential at all. Implemented over
/// HTTPS in EdgeCam.Edge.IotHub (<c>IotHubFileUploadSession</c>); only the agent has one: IoT Edge modules cannot use
/// file upload (module identities do not support it and edgeHub does not offer it).
/// </summary>
public interface IFileUploadSession
{
    /// <summary>The hub and device, for logs and reports (never a key or a token).</summary>
    string Description { get; }

    /// <summary>The device id; IoT Hub prefixes every blob name with it (<c>&lt;deviceId&gt;/&lt;blobName&gt;</c>).</summary>
    string DeviceId { get; }

    /// <summary>
    /// Starts an upload of <paramref name="blobName"/>: the hub answers with a correlation id and a SAS for that one blob.
    /// Asking again for the same name (after a crash or a failure) gives a new SAS for the same blob, so staged blocks
    /// are found again.
    /// </summary>
    /// <exception cref="FileUploadException">The hub refused, answered something unusable, or could not be reached.</exception>
    Task<FileUploadGrant> StartAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Tells the hub how the upload of <see cref="FileUploadCompletion.CorrelationId"/> ended.</summary>
    /// <exception cref="FileUploadException">The hub refused the notification or could not be reached.</exception>
    Task CompleteAsync(FileUploadCompletion completion, CancellationToken cancellationToken);
}

/// <summary>What the hub handed out for one upload.</summary>
/// <param name="CorrelationId">Names this upload in the completion notification.</param>
/// <param name="ContainerSasUri">The container's URL with the blob SAS as its query (a secret: never log it).</param>
/// <param name="BlobName">The blob name inside the container, as the hub returned it (prefixed with the device id).</param>
public sealed record FileUploadGrant(string CorrelationId, Uri ContainerSasUri, string BlobName)
{
    /// <summary>Correlation id and blob name only: safe to log.</summary>
    public override string ToString() => $"file upload {CorrelationId} of blob '{BlobName}'";
}

/// <summary>The completion notification (<c>isSuccess</c>, <c>statusCode</c>, <c>statusDescription</c>) of one upload.</summary>
public sealed record FileUploadCompletion(string CorrelationId, bool IsSuccess, int StatusCode, string StatusDescription);

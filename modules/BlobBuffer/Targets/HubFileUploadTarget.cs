using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Edge.FileUpload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Targets;

/// <summary>
/// Uploads through IoT Hub's file-upload flow, so the device holds no storage credential: for each attempt it asks the
/// hub for a SAS for the clip's blob (<see cref="IFileUploadSession.StartAsync"/>), uploads with the block target made
/// for that SAS (blocks with MD5s, resume from what is staged, whole-file MD5, commit: <see cref="AzureBlobTarget"/>),
/// and tells the hub how it went, with the same correlation id: <c>isSuccess=true</c> after the commit,
/// <c>isSuccess=false</c> with the storage status when the attempt failed (the clip then stays buffered). A later
/// attempt, after a failure or a crash, asks for a new SAS for the same blob name and finds the blocks already staged
/// (uncommitted blocks survive 7 days). The hub prefixes blob names with the device id.
/// </summary>
public sealed partial class HubFileUploadTarget : IClipTarget
{
    /// <summary>The read-link line: the hub's SAS writes one blob, and no key on the device can sign a link.</summary>
    public const string NoReadLink = "no read link: uploads go through IoT Hub's file upload, and the device holds no storage key to sign one";

    // A failure notification must not hold up the retry loop (nor shutdown) for long.
    private static readonly TimeSpan NotificationTimeout = TimeSpan.FromSeconds(10);

    private readonly IFileUploadSession _session;
    private readonly Func<BlobStorageCredential, IClipTarget> _blobTarget;
    private readonly ILogger _logger;

    /// <param name="session">The hub's file-upload calls (the seam).</param>
    /// <param name="blobTarget">
    /// The block target for one hub-issued SAS (a container-scoped credential); in the module an <see cref="AzureBlobTarget"/>
    /// over an <see cref="AzureBlockBlobClient"/>. A factory, so the block upload stays in one place.
    /// </param>
    /// <param name="logger">Logs a failure notification the hub did not take (default: none).</param>
    public HubFileUploadTarget(IFileUploadSession session, Func<BlobStorageCredential, IClipTarget> blobTarget, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(blobTarget);
        _session = session;
        _blobTarget = blobTarget;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Description => $"file upload through {_session.Description}";

    public async Task<TargetReceipt> UploadAsync(UploadJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var grant = await _session.StartAsync(job.BlobName, cancellationToken);
        TargetReceipt receipt;
        try
        {
            var credential = Credential(grant);
            receipt = await _blobTarget(credential).UploadAsync(job with { BlobName = grant.BlobName }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Tell the hub (it releases the upload's slot; a back end may be listening), then fail the attempt as before.
            // Not on shutdown: its budget is short, the next start resumes the blob, and the hub forgets the id with its SAS.
            await NotifyFailureAsync(grant, ex);
            throw;
        }

        await _session.CompleteAsync(
            new FileUploadCompletion(grant.CorrelationId, IsSuccess: true, StatusCode: 201, $"committed {receipt.SizeBytes} bytes, Content-MD5 {receipt.ContentMd5}"),
            cancellationToken);
        return receipt;
    }

    private static BlobStorageCredential Credential(FileUploadGrant grant)
    {
        try
        {
            return BlobStorageCredential.ParseContainerSasUrl(grant.ContainerSasUri.AbsoluteUri);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"the storage URL IoT Hub handed out for {grant} is not usable: {ex.Message}", ex);
        }
    }

    private async Task NotifyFailureAsync(FileUploadGrant grant, Exception failure)
    {
        var status = failure is BlobStorageException storage && (int)storage.Status > 0 ? (int)storage.Status : 500;
        var description = failure.Message.Split('\n', 2)[0];
        using var timeout = new CancellationTokenSource(NotificationTimeout);
        try
        {
            await _session.CompleteAsync(new FileUploadCompletion(grant.CorrelationId, IsSuccess: false, status, description), timeout.Token);
        }
        catch (Exception ex) when (ex is FileUploadException or OperationCanceledException)
        {
            // The upload failed either way and stays buffered; the hub forgets the correlation id when its SAS expires.
            LogNotificationLost(_logger, grant.CorrelationId, ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "IoT Hub did not take the failure notification of file upload {CorrelationId}: {Reason}")]
    private static partial void LogNotificationLost(ILogger logger, string correlationId, string reason);
}

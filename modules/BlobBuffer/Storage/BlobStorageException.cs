using System.Net;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// A Blob operation that failed for good (after the SDK's retries): the HTTP status (0 when the service never
/// answered), the storage error code and one line that says what to do. Never carries the key or the signature.
/// </summary>
public sealed class BlobStorageException : Exception
{
    public BlobStorageException()
    {
    }

    public BlobStorageException(string message)
        : base(message)
    {
    }

    public BlobStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="operation">The operation, e.g. <c>Stage Block</c>.</param>
    /// <param name="accountName">The storage account.</param>
    /// <param name="status">The HTTP status, or 0 when the service could not be reached.</param>
    /// <param name="errorCode">The storage error code, e.g. <c>AuthenticationFailed</c>.</param>
    /// <param name="detail">The first line of the service's message (or of the network error).</param>
    /// <param name="credentialCheck">What to check when the credentials are refused, e.g. <c>check the account key</c>.</param>
    /// <param name="innerException">The SDK's exception.</param>
    public BlobStorageException(string operation, string accountName, int status, string? errorCode, string? detail, string credentialCheck, Exception? innerException)
        : base(Describe(operation, accountName, status, errorCode, detail, credentialCheck), innerException)
    {
        Operation = operation;
        AccountName = accountName;
        Status = (HttpStatusCode)status;
        ErrorCode = errorCode;
    }

    /// <summary>The operation that failed, e.g. <c>Stage Block</c>.</summary>
    public string Operation { get; } = string.Empty;

    /// <summary>The storage account.</summary>
    public string AccountName { get; } = string.Empty;

    /// <summary>The HTTP status; 0 when the service never answered (network error, timeout).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The storage error code (<c>x-ms-error-code</c>), e.g. <c>AuthorizationPermissionMismatch</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>True when the account refused the credentials (403): retrying soon will not help.</summary>
    public bool IsAuthenticationFailure => Status == HttpStatusCode.Forbidden;

    /// <summary>True when the container does not exist (404 ContainerNotFound): deleted, or never created.</summary>
    public bool IsContainerNotFound => Status == HttpStatusCode.NotFound && ErrorCode == "ContainerNotFound";

    /// <summary>
    /// True when a conditional commit (<c>If-None-Match: *</c>) found a blob under the name: 409 BlobAlreadyExists or
    /// 412 ConditionNotMet, whichever the service answers.
    /// </summary>
    public bool IsBlobAlreadyExists =>
        (Status == HttpStatusCode.Conflict && ErrorCode == "BlobAlreadyExists") || (Status == HttpStatusCode.PreconditionFailed && ErrorCode is null or "ConditionNotMet");

    /// <summary>True when a commit named blocks the service does not hold (400 InvalidBlockList): uncommitted blocks expire after 7 days.</summary>
    public bool IsInvalidBlockList => Status == HttpStatusCode.BadRequest && ErrorCode == "InvalidBlockList";

    /// <summary>Requests the SDK sent for the failed call (its retries included); 0 when not counted.</summary>
    public int Attempts { get; internal set; }

    private static string Describe(string operation, string accountName, int status, string? errorCode, string? detail, string credentialCheck)
    {
        var line = FirstLine(detail);
        if (status == 0)
        {
            return $"storage account '{accountName}' could not be reached on {operation}: {line}";
        }

        var code = $"{status} {errorCode ?? ((HttpStatusCode)status).ToString()}";
        if (status == (int)HttpStatusCode.Forbidden)
        {
            return $"storage account '{accountName}' rejected the credentials ({code}) on {operation}; {credentialCheck}; the clip stays buffered";
        }

        return line.Length == 0
            ? $"storage account '{accountName}' answered {operation} with {code}"
            : $"storage account '{accountName}' answered {operation} with {code}: {line}";
    }

    private static string FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var newline = text.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}

using System.Net;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// A Blob service answer that is not success: the HTTP status, the storage error code from the XML body, and a message
/// that says what to do. Never carries the key, the signature or the Authorization header.
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

    public BlobStorageException(string operation, string accountName, HttpStatusCode status, string? errorCode, string? serviceMessage)
        : base(Describe(operation, accountName, status, errorCode, serviceMessage))
    {
        Operation = operation;
        AccountName = accountName;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The operation that failed, e.g. <c>Put Block</c>.</summary>
    public string Operation { get; } = string.Empty;

    /// <summary>The storage account that answered.</summary>
    public string AccountName { get; } = string.Empty;

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The storage error code (<c>x-ms-error-code</c> or the XML <c>Code</c>), e.g. <c>AuthenticationFailed</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>True when the account refused the credentials: retrying soon will not help.</summary>
    public bool IsAuthenticationFailure => Status == HttpStatusCode.Forbidden;

    /// <summary>True for 408, 500 and 503: the same request may succeed later.</summary>
    public bool IsTransient => IsTransientStatus(Status);

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable;

    private static string Describe(string operation, string accountName, HttpStatusCode status, string? errorCode, string? serviceMessage)
    {
        var code = $"{(int)status} {errorCode ?? status.ToString()}";
        if (status == HttpStatusCode.Forbidden)
        {
            return $"storage account '{accountName}' rejected the credentials ({code}) on {operation}; check the account key; the clip stays buffered";
        }

        var detail = string.IsNullOrWhiteSpace(serviceMessage) ? string.Empty : $": {FirstLine(serviceMessage)}";
        return $"storage account '{accountName}' answered {operation} with {code}{detail}";
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}

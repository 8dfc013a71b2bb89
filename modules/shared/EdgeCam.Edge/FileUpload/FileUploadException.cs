namespace EdgeCam.Edge.FileUpload;

/// <summary>
/// The file-upload exchange with IoT Hub failed: the hub answered an error status, something that does not follow the
/// contract, or could not be reached. The message is one line naming the hub and what happened, never a token.
/// An I/O failure from the uploader's point of view: the clip stays buffered and is tried again.
/// </summary>
public sealed class FileUploadException : IOException
{
    public FileUploadException()
    {
    }

    public FileUploadException(string message)
        : base(message)
    {
    }

    public FileUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FileUploadException(string message, int status, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>The HTTP status the hub answered with; 0 when it was not reached or answered no status.</summary>
    public int Status { get; }
}

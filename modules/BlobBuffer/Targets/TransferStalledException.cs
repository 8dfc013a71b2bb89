namespace EdgeCam.BlobBuffer.Targets;

/// <summary>A transfer made no progress for the stall timeout and was aborted; the clip stays buffered and is retried.</summary>
public sealed class TransferStalledException : TimeoutException
{
    public TransferStalledException()
    {
    }

    public TransferStalledException(string message)
        : base(message)
    {
    }

    public TransferStalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>A footage upload stopped at a block boundary because something that goes first (an event clip, a snapshot) arrived; its staged blocks are reused when it continues.</summary>
public sealed class UploadPreemptedException : Exception
{
    public UploadPreemptedException()
    {
    }

    public UploadPreemptedException(string message)
        : base(message)
    {
    }

    public UploadPreemptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

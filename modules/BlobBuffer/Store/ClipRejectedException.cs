namespace EdgeCam.BlobBuffer.Store;

/// <summary>A clipReady the store did not accept, with the reason (the clip is not buffered and nothing was journaled).</summary>
public sealed class ClipRejectedException : Exception
{
    public ClipRejectedException()
    {
    }

    public ClipRejectedException(string message)
        : base(message)
    {
    }

    public ClipRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

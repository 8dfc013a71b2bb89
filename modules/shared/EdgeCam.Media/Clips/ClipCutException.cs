namespace EdgeCam.Media.Clips;

/// <summary>A clip could not be cut. <see cref="SegmentPath"/> names the segment at fault when one is.</summary>
public sealed class ClipCutException : Exception
{
    public ClipCutException()
    {
    }

    public ClipCutException(string message)
        : base(message)
    {
    }

    public ClipCutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClipCutException(string message, string? segmentPath, Exception? innerException = null)
        : base(message, innerException)
    {
        SegmentPath = segmentPath;
    }

    /// <summary>The missing, truncated or unreadable segment, or null when the failure is not about one segment.</summary>
    public string? SegmentPath { get; }
}

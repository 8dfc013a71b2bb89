namespace EdgeCam.Media.Segments;

/// <summary>One closed segment as ffmpeg's segment muxer lists it: <c>name,start,end</c> in stream seconds.</summary>
/// <param name="FileName">The segment file name, relative to the list's directory.</param>
/// <param name="StartSeconds">Stream time of the segment's first packet.</param>
/// <param name="EndSeconds">Stream time at which the segment ended.</param>
public sealed record SegmentListEntry(string FileName, double StartSeconds, double EndSeconds)
{
    /// <summary>Length in seconds as listed.</summary>
    public double DurationSeconds => EndSeconds - StartSeconds;
}

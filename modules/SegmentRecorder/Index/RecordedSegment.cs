namespace EdgeCam.SegmentRecorder.Index;

/// <summary>A closed segment on the shared volume, placed on the wall clock of its capture session.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="SessionId">The capture session that wrote it.</param>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Start">Session start plus the listed stream start: the wall clock of its first packet.</param>
/// <param name="End">Session start plus the listed stream end (for an <paramref name="Unclosed"/> one, an estimate).</param>
/// <param name="Unclosed">
/// True when the capture stopped (crashed, was killed) while writing it, so it is not in the list: it starts where the
/// last listed one ended, its end is the session's segment length after that at most, and its last packet may be cut
/// short. The cutter reads how much of it there really is.
/// </param>
public sealed record RecordedSegment(string CameraId, string SessionId, string Path, DateTimeOffset Start, DateTimeOffset End, bool Unclosed = false)
{
    /// <summary>Length as listed.</summary>
    public TimeSpan Duration => End - Start;
}

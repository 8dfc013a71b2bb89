namespace EdgeCam.SegmentRecorder.Index;

/// <summary>A closed segment on the shared volume, placed on the wall clock of its capture session.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="SessionId">The capture session that wrote it.</param>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Start">Session start plus the listed stream start: the wall clock of its first packet.</param>
/// <param name="End">Session start plus the listed stream end.</param>
public sealed record RecordedSegment(string CameraId, string SessionId, string Path, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Length as listed.</summary>
    public TimeSpan Duration => End - Start;
}

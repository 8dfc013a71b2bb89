namespace EdgeCam.Contracts.Capture;

/// <summary>
/// Written by CameraCapture as <c>session.json</c> next to the segments of one run of the capture process
/// (<see cref="SharedVolume.SessionDirectory"/>). Segment times in <c>segments.csv</c> (written by ffmpeg as
/// <c>name,start,end</c> in stream seconds) become wall clock as <see cref="StartedAt"/> plus the stream offset;
/// motion events use the same clock, so SegmentRecorder can match them exactly.
/// </summary>
/// <param name="CameraId">The camera.</param>
/// <param name="SessionId">Sortable id of this run of the capture process.</param>
/// <param name="StartedAt">Wall clock of stream time zero.</param>
/// <param name="SegmentSeconds">Target segment length.</param>
/// <param name="EndedAt">Set when the capture process exited; no more segments will appear.</param>
public sealed record CaptureSession(
    string CameraId,
    string SessionId,
    DateTimeOffset StartedAt,
    double SegmentSeconds,
    DateTimeOffset? EndedAt = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>File name of the session description inside the session directory.</summary>
    public const string FileName = "session.json";

    /// <summary>File name of ffmpeg's segment list (CSV) inside the session directory.</summary>
    public const string SegmentListFileName = "segments.csv";
}

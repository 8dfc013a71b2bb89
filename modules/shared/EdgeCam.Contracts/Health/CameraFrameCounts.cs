namespace EdgeCam.Contracts.Health;

/// <summary>
/// Sent by CameraCapture on output <c>frameCounts</c> at a fixed interval while capture runs: the frame counters of
/// <see cref="CameraHealth"/>, which is sent only at state changes. Counts are totals since the module started.
/// </summary>
/// <param name="CameraId">The camera.</param>
/// <param name="FramesAnalysed">Analysis frames the detector processed so far.</param>
/// <param name="FramesDropped">Analysis frames dropped so far because analysis lagged.</param>
/// <param name="Time">When the counters were read.</param>
public sealed record CameraFrameCounts(string CameraId, long FramesAnalysed, long FramesDropped, DateTimeOffset Time)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

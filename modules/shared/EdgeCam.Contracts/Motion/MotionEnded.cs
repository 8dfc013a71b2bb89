namespace EdgeCam.Contracts.Motion;

/// <summary>Sent by CameraCapture on output <c>motion</c> when an event ends (event gap passed, maximum length, or capture stopped).</summary>
/// <param name="CameraId">The camera (module) that saw it.</param>
/// <param name="EventId">The id given in <see cref="MotionStarted"/>.</param>
/// <param name="Start">Media time of the first motion frame.</param>
/// <param name="End">Media time of the last motion frame.</param>
/// <param name="PeakScore">Highest share of the frame that changed during the event, 0..1.</param>
/// <param name="MotionFrames">Analysis frames with motion during the event.</param>
public sealed record MotionEnded(
    string CameraId,
    string EventId,
    DateTimeOffset Start,
    DateTimeOffset End,
    double PeakScore,
    int MotionFrames)
{
    public int SchemaVersion { get; init; } = Schema.Version;
}

namespace EdgeCam.Contracts.Motion;

/// <summary>Sent by CameraCapture on output <c>motion</c> when an event begins.</summary>
/// <param name="CameraId">The camera (module) that saw it.</param>
/// <param name="EventId">Stable id of the event; motionEnded, clipReady and clipUploaded repeat it.</param>
/// <param name="Start">Media time of the first motion frame, as UTC wall clock (session start + stream offset).</param>
/// <param name="Score">Share of the frame that changed, 0..1.</param>
/// <param name="Regions">Changed regions of the frame that started the event.</param>
/// <param name="SnapshotPath">A JPEG on the shared volume, relative to its root, or null.</param>
public sealed record MotionStarted(
    string CameraId,
    string EventId,
    DateTimeOffset Start,
    double Score,
    IReadOnlyList<MotionRegion> Regions,
    string? SnapshotPath = null)
{
    public int SchemaVersion { get; init; } = Schema.Version;

    /// <summary>Names of the configured zones the motion touched (empty when none are configured or touched). Added
    /// after schema version 1 was published; readers of older messages see it empty.</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];
}

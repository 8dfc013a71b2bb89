namespace EdgeCam.CameraCapture.Motion;

/// <summary>When motion frames become an event, and when the event ends.</summary>
public sealed record MotionEventTrackerOptions
{
    /// <summary>Consecutive motion frames needed to start an event; the event starts at the first of them.</summary>
    public int StartFrames { get; init; } = 3;

    /// <summary>Time without motion after which an event ends (at its last motion frame).</summary>
    public TimeSpan EventGap { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest event; continuing motion then ends it and starts a new one.</summary>
    public TimeSpan MaxEventLength { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Names of the detector's zones by bit (<see cref="MotionDetectorOptions.Zones"/> order), for events.</summary>
    public IReadOnlyList<string> ZoneNames { get; init; } = [];
}

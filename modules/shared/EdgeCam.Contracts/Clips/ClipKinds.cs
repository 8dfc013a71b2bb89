namespace EdgeCam.Contracts.Clips;

/// <summary>
/// What a <see cref="ClipReady"/> carries (its <c>kind</c>): BlobBuffer uploads each kind under its own blob name
/// (<see cref="Blobs.BlobNames"/>) and in its own order (snapshots, then event clips and exports, then time-lapses,
/// then continuous footage last).
/// </summary>
public static class ClipKinds
{
    /// <summary>A motion or trigger event's clip with pre- and post-roll (the default: messages without a kind).</summary>
    public const string Event = "clip";

    /// <summary>A file of continuous footage (the continuous tier), named by its start time.</summary>
    public const string Footage = "footage";

    /// <summary>A time range of continuous footage cut on demand (the export direct method); the event id is the export id.</summary>
    public const string Export = "export";

    /// <summary>A camera's daily time-lapse; the event id names the day.</summary>
    public const string Timelapse = "timelapse";

    /// <summary>Every kind a <see cref="ClipReady"/> may carry.</summary>
    public static IReadOnlyList<string> All { get; } = [Event, Footage, Export, Timelapse];
}

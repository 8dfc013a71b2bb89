using EdgeCam.Contracts.Blobs;

namespace EdgeCam.WebConsole.Timeline;

/// <summary>One motion event as the console shows it: what the camera saw, its snapshot and clips, and where they went.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="EventId">The event (<c>&lt;cameraId&gt;-&lt;sessionId&gt;-&lt;nnnn&gt;</c>).</param>
/// <param name="Start">When it started.</param>
public sealed record TimelineEvent(string CameraId, string EventId, DateTimeOffset Start)
{
    /// <summary>When it ended (null: still open).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>The highest motion score seen.</summary>
    public double Score { get; init; }

    /// <summary>The zones it touched.</summary>
    public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>The snapshot on the shared volume (relative path; null: none yet).</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>The event's clips on the device, in part order.</summary>
    public IReadOnlyList<TimelineClip> Clips { get; init; } = [];

    /// <summary>The alert text EventRouter sent for it (null: no alert).</summary>
    public string? AlertText { get; init; }
}

/// <summary>One clip of an event.</summary>
/// <param name="ClipPath">Relative to the shared volume.</param>
/// <param name="Part">Its part number (a long event is cut into parts).</param>
/// <param name="SizeBytes">Its size.</param>
public sealed record TimelineClip(string ClipPath, int Part, long SizeBytes)
{
    /// <summary>The blob it was uploaded to (null: not uploaded yet).</summary>
    public string? BlobName { get; init; }

    /// <summary>A read link to the uploaded blob, when the storage credential allows one.</summary>
    public ReadLink? ReadLink { get; init; }
}

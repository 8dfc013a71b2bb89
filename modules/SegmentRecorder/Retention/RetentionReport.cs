namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>What the spool and the clips hold and what retention has evicted since the module started.</summary>
public sealed record RetentionReport(
    long SpoolBytes,
    int Segments,
    int ProtectedSegments,
    long EvictedSegments,
    long EvictedBytes,
    long EvictedByAge,
    long EvictedBySize)
{
    /// <summary>Bytes of event clips in <c>clips/</c>.</summary>
    public long ClipBytes { get; init; }

    /// <summary>Event clips in <c>clips/</c>.</summary>
    public int Clips { get; init; }

    /// <summary>Clips younger than the hand-over time, which the size limit cannot evict.</summary>
    public int ProtectedClips { get; init; }

    /// <summary>Clips evicted since the module started.</summary>
    public long EvictedClips { get; init; }

    /// <summary>Their bytes.</summary>
    public long EvictedClipBytes { get; init; }

    /// <summary>Clips evicted for their age.</summary>
    public long EvictedClipsByAge { get; init; }

    /// <summary>Clips evicted for the size limit (after all unprotected segments).</summary>
    public long EvictedClipsBySize { get; init; }

    /// <summary>The free-space floor of the last pass in bytes (0 when free space could not be read).</summary>
    public long FloorBytes { get; init; }

    /// <summary>Where the volume stands against the floor after the last pass.</summary>
    public FloorState Floor { get; init; }

    /// <summary>Free bytes of the volume after the last pass (null when free space could not be read).</summary>
    public long? FreeBytes { get; init; }

    /// <summary>Size of the volume (null when it could not be read).</summary>
    public long? VolumeBytes { get; init; }
}

/// <summary>Where the volume stands against the free-space floor.</summary>
public enum FloorState
{
    /// <summary>At least the floor is free.</summary>
    Met,

    /// <summary>Free space fell below the floor and the pass evicted enough to restore it.</summary>
    Evicting,

    /// <summary>Below the floor even after evicting everything unprotected (open events and pending clips hold the rest).</summary>
    Unmet,
}

namespace EdgeCam.Agent.Outbox;

/// <summary>
/// Where the outbox keeps upstream messages and how much it may hold. When a new message would pass
/// <see cref="MaxCount"/> or <see cref="MaxBytes"/>, the <b>oldest</b> messages are dropped (counted in
/// <see cref="Outbox.DroppedCount"/>, one warning per episode): after a long outage the newest alerts matter most, the
/// clips of old events stay in BlobBuffer, and the modules never block or fail because IoT Hub is away.
/// </summary>
public sealed record OutboxOptions
{
    /// <summary>The smallest <see cref="MaxBytes"/>: one message of the largest size IoT Hub accepts, with room.</summary>
    public const long MinimumBytes = 1024 * 1024;

    public OutboxOptions(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The folder holding the segment files and the ack file; owned by one outbox at a time.</summary>
    public string Directory { get; }

    /// <summary>Most messages held (default 10,000: days of alerts at a normal rate).</summary>
    public int MaxCount { get; init; } = 10_000;

    /// <summary>Most bytes held on disk by unacknowledged messages, framing included (default 32 MB).</summary>
    public long MaxBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Size at which a new segment file is started (default 1 MB); acknowledged segments are deleted whole.</summary>
    public long SegmentBytes { get; init; } = 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, MinimumBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentBytes, 1024);
    }
}

using EdgeCam.Edge.Volumes;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Waits for room on the shared volume after capture ran out of it. Capture counts as out of space when fewer than
/// <see cref="ResumeFreeBytes"/> are free (or a write said ENOSPC); the wait polls free space every
/// <see cref="PollInterval"/> and ends when that much is free again: SegmentRecorder's retention frees it (its floor), or
/// whoever filled the disk. It never gives up: a full disk is never a permanent failure.
/// </summary>
internal sealed class SpaceWait
{
    /// <summary>Free bytes capture needs to (re)start: a few segments of 720p at 2-4 Mbit/s, far under the recorder's default 1 GiB floor.</summary>
    public const long DefaultResumeFreeBytes = 8L * 1024 * 1024;

    /// <summary>How often free space is read while waiting.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    private readonly Func<long?> _readFreeBytes;
    private readonly TimeProvider _time;

    /// <param name="readFreeBytes">Free bytes of the volume, or null when they cannot be read (then only ENOSPC counts).</param>
    public SpaceWait(Func<long?> readFreeBytes, TimeProvider time, long resumeFreeBytes = DefaultResumeFreeBytes, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(readFreeBytes);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeFreeBytes);
        _readFreeBytes = readFreeBytes;
        _time = time;
        ResumeFreeBytes = resumeFreeBytes;
        PollInterval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(pollInterval));
    }

    public long ResumeFreeBytes { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>For the volume at <paramref name="root"/>, read by <see cref="VolumeSpaceReader"/> (statvfs <c>f_bavail</c>).</summary>
    public static SpaceWait ForVolume(string root, TimeProvider time) => For(new VolumeSpaceReader(root), time);

    /// <summary>For the volume <paramref name="space"/> reads.</summary>
    public static SpaceWait For(IFreeSpaceReader space, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new(() => space.Read()?.FreeBytes, time);
    }

    /// <summary>The free bytes now, or null when unreadable.</summary>
    public long? FreeBytes() => _readFreeBytes();

    /// <summary>True when less than <see cref="ResumeFreeBytes"/> is free.</summary>
    public bool IsLow() => _readFreeBytes() is { } free && free < ResumeFreeBytes;

    /// <summary>Polls until <see cref="ResumeFreeBytes"/> are free (an unreadable volume counts as having room: the next write tells).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (IsLow())
        {
            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }
}

namespace EdgeCam.Onvif.Device;

/// <summary>
/// The camera's clock as this device sees it: the local clock plus the offset read from the camera's
/// GetSystemDateAndTime. The UsernameToken's <c>created</c> time is taken from it, because a camera checks that time
/// against its own clock (ONVIF Core: a client reads the device's time first), and cameras without NTP drift by hours.
/// </summary>
public sealed class DeviceClock : TimeProvider
{
    private readonly TimeProvider _local;

    public DeviceClock(TimeProvider local, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(local);
        _local = local;
        Offset = offset;
    }

    /// <summary>Camera time minus local time: positive when the camera's clock is ahead.</summary>
    public TimeSpan Offset { get; }

    public override DateTimeOffset GetUtcNow() => _local.GetUtcNow() + Offset;

    public override long GetTimestamp() => _local.GetTimestamp();

    public override long TimestampFrequency => _local.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _local.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _local.CreateTimer(callback, state, dueTime, period);
}

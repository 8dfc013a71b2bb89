namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Exponential delay between restarts of a live source: 1, 2, 4 … up to a cap; a run that stayed up for a while
/// resets it, so a camera that drops once a day restarts at once while a dead one is not hammered.
/// </summary>
internal sealed class RestartBackoff(TimeSpan initial, TimeSpan maximum, TimeSpan healthyRun)
{
    private TimeSpan _next = TimeSpan.Zero;

    public static RestartBackoff Default() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));

    /// <summary>The delay before the next start, given how long the last run lasted.</summary>
    public TimeSpan Next(TimeSpan lastRunDuration)
    {
        if (_next == TimeSpan.Zero || lastRunDuration >= healthyRun)
        {
            _next = initial;
        }

        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(maximum.Ticks, _next.Ticks * 2));
        return delay;
    }
}

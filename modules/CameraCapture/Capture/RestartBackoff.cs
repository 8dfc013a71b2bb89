using EdgeCam.Edge.Retries;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Exponential delay between restarts of a live source: 1, 2, 4 … up to a cap, without jitter (one camera's own
/// restarts; no fleet retries in step against it); a run that stayed up for a while resets it, so a camera that drops
/// once a day restarts at once while a dead one is not hammered.
/// </summary>
internal sealed class RestartBackoff(TimeSpan initial, TimeSpan maximum, TimeSpan healthyRun)
{
    private readonly BackoffSequence _sequence = new(new ExponentialBackoff(initial, maximum, BackoffJitter.None), healthyRun);

    public static RestartBackoff Default() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));

    /// <summary>The delay before the next start, given how long the last run lasted.</summary>
    public TimeSpan Next(TimeSpan lastRunDuration) => _sequence.Next(lastRunDuration);
}

namespace EdgeCam.Edge.Retries;

/// <summary>
/// The attempts of one retry loop over an <see cref="ExponentialBackoff"/>: each failure waits longer, and a run that
/// lasted <see cref="HealthyRun"/> starts the sequence again, so a link that drops once a day retries at once while a
/// dead one is not hammered. Not thread-safe: one loop owns it.
/// </summary>
public sealed class BackoffSequence
{
    private readonly Func<double>? _random;

    /// <param name="backoff">Bounds and jitter of the waits.</param>
    /// <param name="healthyRun">A run at least this long resets the sequence (zero or more).</param>
    /// <param name="random">Uniform in [0, 1) for the jitter; <see cref="Random.Shared"/> when null.</param>
    public BackoffSequence(ExponentialBackoff backoff, TimeSpan healthyRun, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        ArgumentOutOfRangeException.ThrowIfLessThan(healthyRun, TimeSpan.Zero);
        Backoff = backoff;
        HealthyRun = healthyRun;
        _random = random;
    }

    /// <summary>Bounds and jitter of the waits.</summary>
    public ExponentialBackoff Backoff { get; }

    /// <summary>How long a run must last to reset the sequence.</summary>
    public TimeSpan HealthyRun { get; }

    /// <summary>Attempts since the last reset (0 before the first wait).</summary>
    public int Attempt { get; private set; }

    /// <summary>The wait before the next attempt.</summary>
    /// <param name="lastRun">How long the run that just ended lasted; null when nothing ran (an attempt that failed to start).</param>
    public TimeSpan Next(TimeSpan? lastRun)
    {
        if (lastRun >= HealthyRun)
        {
            Attempt = 0;
        }

        Attempt++;
        return Backoff.Delay(Attempt, _random);
    }
}

namespace EdgeCam.Edge.Mqtt;

/// <summary>
/// Delays between reconnect attempts: exponential with full jitter, so a fleet that lost its hub at the same moment
/// does not come back in lock step. Attempt n waits a uniformly random time in
/// [<see cref="Minimum"/>, min(<see cref="Maximum"/>, Minimum·2^(n+1))]. A connection that stayed up for
/// <see cref="StablePeriod"/> resets the sequence. Not thread-safe: one reconnect loop owns it.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private long? _connectedAt;

    /// <param name="minimum">Shortest delay (greater than zero).</param>
    /// <param name="maximum">Longest delay.</param>
    /// <param name="stablePeriod">A connection that lasted this long counts as recovered.</param>
    /// <param name="timeProvider">Clock for the stable period and <see cref="DelayAsync"/>.</param>
    /// <param name="random">Uniform in [0, 1); <see cref="Random.Shared"/> when null (tests pass a fixed sequence).</param>
    public ReconnectBackoff(TimeSpan minimum, TimeSpan maximum, TimeSpan stablePeriod, TimeProvider timeProvider, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfLessThan(stablePeriod, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Minimum = minimum;
        Maximum = maximum;
        StablePeriod = stablePeriod;
        _timeProvider = timeProvider;

        // Jitter spreads reconnects in time; it protects nothing, so a non-cryptographic generator is right here.
#pragma warning disable CA5394 // Do not use insecure randomness: see above.
        _random = random ?? Random.Shared.NextDouble;
#pragma warning restore CA5394
    }

    /// <summary>Shortest delay.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Longest delay.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>How long a connection must last to reset the sequence.</summary>
    public TimeSpan StablePeriod { get; }

    /// <summary>Attempts since the last reset (0 before the first delay).</summary>
    public int Attempt { get; private set; }

    /// <summary>Call when a connection is established; the next <see cref="NextDelay"/> resets if it lasted long enough.</summary>
    public void OnConnected() => _connectedAt = _timeProvider.GetTimestamp();

    /// <summary>Call right after a failure or loss: the delay before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        if (_connectedAt is { } since)
        {
            _connectedAt = null;
            if (_timeProvider.GetElapsedTime(since) >= StablePeriod)
            {
                Attempt = 0;
            }
        }

        Attempt++;
        return Compute(Attempt, Minimum, Maximum, _random);
    }

    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1 for the first) of a loop that keeps no state of its
    /// own (a twin request, a resend): the same full-jitter sequence as <see cref="NextDelay"/>.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
#pragma warning disable CA5394 // Jitter spreads retries in time; it protects nothing.
        return Compute(Math.Max(attempt, 1), minimum, maximum, Random.Shared.NextDouble);
#pragma warning restore CA5394
    }

    private static TimeSpan Compute(int attempt, TimeSpan minimum, TimeSpan maximum, Func<double> random)
    {
        var exponent = Math.Min(attempt, 30);
        var ceilingTicks = Math.Min((double)maximum.Ticks, minimum.Ticks * Math.Pow(2, exponent));
        var ticks = minimum.Ticks + (random() * (ceilingTicks - minimum.Ticks));
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, minimum.Ticks, maximum.Ticks));
    }

    /// <summary>Waits <see cref="NextDelay"/> on the injected clock.</summary>
    public Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), _timeProvider, cancellationToken);
}

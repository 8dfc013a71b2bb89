using EdgeCam.Edge.Retries;

namespace EdgeCam.Edge.Mqtt;

/// <summary>
/// Delays between reconnect attempts: <see cref="ExponentialBackoff"/> with <see cref="BackoffJitter.Full"/>, so a fleet
/// that lost its hub at the same moment does not come back in lock step. Attempt n waits a uniformly random time in
/// [<see cref="Minimum"/>, min(<see cref="Maximum"/>, Minimum·2^n)]. A connection that stayed up for
/// <see cref="StablePeriod"/> resets the sequence. Not thread-safe: one reconnect loop owns it.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeProvider _timeProvider;
    private readonly BackoffSequence _sequence;
    private long? _connectedAt;

    /// <param name="minimum">Shortest delay (greater than zero).</param>
    /// <param name="maximum">Longest delay.</param>
    /// <param name="stablePeriod">A connection that lasted this long counts as recovered.</param>
    /// <param name="timeProvider">Clock for the stable period and <see cref="DelayAsync"/>.</param>
    /// <param name="random">Uniform in [0, 1); <see cref="Random.Shared"/> when null (tests pass a fixed sequence).</param>
    public ReconnectBackoff(TimeSpan minimum, TimeSpan maximum, TimeSpan stablePeriod, TimeProvider timeProvider, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sequence = new BackoffSequence(new ExponentialBackoff(minimum, maximum, BackoffJitter.Full), stablePeriod, random);
        _timeProvider = timeProvider;
    }

    /// <summary>Shortest delay.</summary>
    public TimeSpan Minimum => _sequence.Backoff.Minimum;

    /// <summary>Longest delay.</summary>
    public TimeSpan Maximum => _sequence.Backoff.Maximum;

    /// <summary>How long a connection must last to reset the sequence.</summary>
    public TimeSpan StablePeriod => _sequence.HealthyRun;

    /// <summary>Attempts since the last reset (0 before the first delay).</summary>
    public int Attempt => _sequence.Attempt;

    /// <summary>Call when a connection is established; the next <see cref="NextDelay"/> resets if it lasted long enough.</summary>
    public void OnConnected() => _connectedAt = _timeProvider.GetTimestamp();

    /// <summary>Call right after a failure or loss: the delay before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        TimeSpan? connection = _connectedAt is { } since ? _timeProvider.GetElapsedTime(since) : null;
        _connectedAt = null;
        return _sequence.Next(connection);
    }

    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1 for the first) of a loop that keeps no state of its
    /// own (a twin request, a resend): the same full-jitter sequence as <see cref="NextDelay"/>.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum) =>
        new ExponentialBackoff(minimum, maximum, BackoffJitter.Full).Delay(attempt);

    /// <summary>Waits <see cref="NextDelay"/> on the injected clock.</summary>
    public Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), _timeProvider, cancellationToken);
}

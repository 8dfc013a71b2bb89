namespace EdgeCam.Edge.Retries;

/// <summary>
/// Exponential backoff with a cap: the step of attempt n (1 for the first retry) is <see cref="Minimum"/>·2^(n−1), at
/// most <see cref="Maximum"/>, and <see cref="Jitter"/> decides how much of it is random. The one computation behind
/// every retry and restart delay in EdgeCam (sinks, MQTT reconnects, uploads, capture restarts); each caller chooses
/// its bounds and jitter. Keeps no state: <see cref="BackoffSequence"/> counts attempts for a loop that needs it.
/// </summary>
public sealed class ExponentialBackoff
{
    // 2^30 steps: beyond any maximum a caller sets, and no overflow of the doubling.
    private const int MaxDoublings = 30;

    /// <param name="minimum">The first step (greater than zero).</param>
    /// <param name="maximum">The cap (not below <paramref name="minimum"/>).</param>
    /// <param name="jitter">How much of each step is random.</param>
    public ExponentialBackoff(TimeSpan minimum, TimeSpan maximum, BackoffJitter jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        if (!Enum.IsDefined(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "is not a BackoffJitter");
        }

        Minimum = minimum;
        Maximum = maximum;
        Jitter = jitter;
    }

    /// <summary>The first step.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The cap of every wait.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>How much of each step is random.</summary>
    public BackoffJitter Jitter { get; }

    /// <summary>The step of attempt <paramref name="attempt"/> before jitter: the minimum doubled per earlier attempt, capped.</summary>
    public TimeSpan Step(int attempt) => TimeSpan.FromTicks((long)StepTicks(attempt, 0));

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> (1 for the first retry; lower counts as 1).
    /// </summary>
    /// <param name="attempt">Which retry this is.</param>
    /// <param name="random">Uniform in [0, 1); <see cref="Random.Shared"/> when null (tests pass fixed values).</param>
    public TimeSpan Delay(int attempt, Func<double>? random = null)
    {
        attempt = Math.Max(attempt, 1);
        if (Jitter == BackoffJitter.None)
        {
            return Step(attempt);
        }

#pragma warning disable CA5394 // Jitter spreads retries in time; it protects nothing, so a non-cryptographic generator is right.
        var chance = (random ?? Random.Shared.NextDouble)();
#pragma warning restore CA5394
        var ticks = Jitter == BackoffJitter.Half
            ? StepTicks(attempt, 0) * (0.5 + (chance / 2))
            : Minimum.Ticks + (chance * (StepTicks(attempt, 1) - Minimum.Ticks));
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, 0, Maximum.Ticks));
    }

    private double StepTicks(int attempt, int extraDoublings) =>
        Math.Min(Maximum.Ticks, Minimum.Ticks * Math.Pow(2, Math.Clamp(attempt - 1 + extraDoublings, 0, MaxDoublings)));
}

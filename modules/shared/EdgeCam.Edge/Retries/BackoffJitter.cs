namespace EdgeCam.Edge.Retries;

/// <summary>How much of an <see cref="ExponentialBackoff"/> step is left to chance.</summary>
public enum BackoffJitter
{
    /// <summary>The step itself, no randomness: a local restart, where no fleet of devices retries in step.</summary>
    None,

    /// <summary>A random 50–100 % of the step: the doubling stays visible, retries of many devices spread over half a step.</summary>
    Half,

    /// <summary>
    /// Uniform between the minimum and twice the step (at most the maximum), so a fleet that lost its service at the same
    /// moment spreads as widely as it can; the wait is never below the minimum.
    /// </summary>
    Full,
}

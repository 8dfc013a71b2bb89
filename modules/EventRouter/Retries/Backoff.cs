namespace EdgeCam.EventRouter.Retries;

/// <summary>Exponential backoff with jitter for the sinks' retries and the local MQTT reconnects.</summary>
public static class Backoff
{
    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: <paramref name="minimum"/> doubled per failed attempt, at
    /// most <paramref name="maximum"/>, then a random 50–100 % of it so many devices do not retry in step.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        var doubled = minimum.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(doubled, maximum.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries in time; it protects nothing.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
#pragma warning restore CA5394
    }
}

using System.Security.Cryptography;

namespace EdgeCam.Edge.IotHub;

/// <summary>Exponential backoff with ±20 % jitter, so a fleet that lost the hub at once does not come back at once.</summary>
internal static class RetryDelay
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan For(int attempt, TimeSpan initial, TimeSpan max)
    {
        double exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        double jitter = RandomNumberGenerator.GetInt32(800, 1201) / 1000.0;
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, exponential) * jitter);
    }
}

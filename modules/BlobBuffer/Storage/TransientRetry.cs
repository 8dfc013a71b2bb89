using System.Security.Cryptography;

namespace EdgeCam.BlobBuffer.Storage;

/// <summary>
/// Exponential backoff with full jitter for one request: only 408, 500, 503 and network errors are retried,
/// never another 4xx. Every Blob operation the uploader uses is idempotent (Put Block per block id, Put Block List).
/// </summary>
public sealed class TransientRetry
{
    private readonly TimeProvider _timeProvider;

    public TransientRetry(TimeProvider timeProvider, int maxAttempts = 4, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _timeProvider = timeProvider;
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(500);
        MaxDelay = maxDelay ?? TimeSpan.FromSeconds(8);
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or attempts run out.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception ex) when (number < MaxAttempts && IsTransient(ex, cancellationToken))
            {
                await Task.Delay(DelayBefore(number + 1), _timeProvider, cancellationToken);
            }
        }
    }

    /// <summary>The jittered delay before attempt <paramref name="attemptNumber"/> (2 and up).</summary>
    public TimeSpan DelayBefore(int attemptNumber)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attemptNumber - 2));
        // Jitter (50-100 % of the ceiling) spreads the retries of many devices after a shared outage.
        return TimeSpan.FromMilliseconds(ceiling * RandomNumberGenerator.GetInt32(500, 1001) / 1000.0);
    }

    /// <summary>408/500/503, connection failures and timeouts (a cancellation not asked for by the caller).</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        BlobStorageException storage => storage.IsTransient,
        HttpRequestException => true,
        IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}

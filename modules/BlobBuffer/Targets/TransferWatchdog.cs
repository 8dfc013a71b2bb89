namespace EdgeCam.BlobBuffer.Targets;

/// <summary>
/// Aborts a transfer that makes no progress: every request started or finished and every chunk of bytes sent is a
/// sign of life; when none came for <see cref="StallTimeout"/>, <see cref="Token"/> is cancelled and
/// <see cref="IsStalled"/> says why. Checks four times per timeout, so a stall is caught within 1.25 timeouts.
/// </summary>
public sealed class TransferWatchdog : IProgress<long>, IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _abort;
    private readonly ITimer? _timer;
    private long _lastProgress;
    private volatile string _operation = "the first request";
    private volatile bool _stalled;

    /// <param name="stallTimeout">How long without progress counts as a stall; null or zero watches nothing.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">The caller's token; <see cref="Token"/> follows it too.</param>
    public TransferWatchdog(TimeSpan? stallTimeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StallTimeout = stallTimeout is { } timeout && timeout > TimeSpan.Zero ? timeout : null;
        _lastProgress = timeProvider.GetTimestamp();
        if (StallTimeout is { } period)
        {
            _timer = timeProvider.CreateTimer(_ => Check(), null, period / 4, period / 4);
        }
    }

    /// <summary>The bound without progress, or null when nothing is watched.</summary>
    public TimeSpan? StallTimeout { get; }

    /// <summary>Cancelled by the caller, or when the transfer stalled.</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>True once the transfer was aborted for lack of progress.</summary>
    public bool IsStalled => _stalled;

    /// <summary>The request that was running when progress was last seen, e.g. <c>Stage Block</c>.</summary>
    public string Operation => _operation;

    /// <summary>A request starts (or finished): progress, and the name to report if it stalls.</summary>
    public void Starting(string operation)
    {
        _operation = operation;
        Alive();
    }

    /// <summary>Bytes of the current request were sent.</summary>
    public void Report(long value) => Alive();

    public void Dispose()
    {
        _timer?.Dispose();
        _abort.Dispose();
    }

    private void Alive() => Interlocked.Exchange(ref _lastProgress, _timeProvider.GetTimestamp());

    private void Check()
    {
        if (_stalled || StallTimeout is not { } timeout)
        {
            return;
        }

        if (_timeProvider.GetElapsedTime(Interlocked.Read(ref _lastProgress)) >= timeout)
        {
            _stalled = true;
            try
            {
                _abort.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The transfer ended while the timer fired.
            }
        }
    }
}

namespace EdgeCam.BlobBuffer.Upload;

/// <summary>
/// Paces continuous footage to a bandwidth cap, one block at a time: before a block of n bytes is sent, the limiter
/// takes n bytes of credit and waits until the debt is paid at the cap's rate, so what is sent over any window is the
/// cap times the window, give or take one block. Credit saved while no footage was sent is kept for one second at
/// most (no burst after an event clip or an outage). Only footage goes through it; other kinds are never paced.
/// </summary>
public sealed class FootageRateLimiter
{
    /// <summary>The longest single wait: the caller is told it is alive, and may give up, this often.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private double _creditBytes;
    private long _lastTimestamp;

    public FootageRateLimiter(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>kbit/s (1000 bits) to bytes per second.</summary>
    public static double BytesPerSecond(int kbps) => kbps * 1000.0 / 8;

    /// <summary>
    /// Waits until <paramref name="bytes"/> may be sent under <paramref name="kbps"/> (0: no cap, returns at once).
    /// Returns false, taking nothing, when <paramref name="giveUp"/> turns true while waiting (checked every 250 ms).
    /// </summary>
    /// <param name="alive">Told every 250 ms of waiting, so a stall watchdog does not mistake the pacing for a dead link.</param>
    public async Task<bool> WaitAsync(int bytes, int kbps, Func<bool> giveUp, IProgress<long>? alive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(giveUp);
        if (kbps <= 0)
        {
            return !giveUp();
        }

        var rate = BytesPerSecond(kbps);
        Refill(rate);
        _creditBytes -= bytes;
        while (_creditBytes < 0)
        {
            if (giveUp())
            {
                _creditBytes += bytes;
                return false;
            }

            var wait = TimeSpan.FromSeconds(Math.Min(Slice.TotalSeconds, -_creditBytes / rate));
            await Task.Delay(wait, _time, cancellationToken);
            alive?.Report(0);
            Refill(rate);
        }

        if (giveUp())
        {
            _creditBytes += bytes;
            return false;
        }

        return true;
    }

    private void Refill(double rate)
    {
        var now = _time.GetTimestamp();
        _creditBytes = Math.Min(rate, _creditBytes + (_time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * rate));
        _lastTimestamp = now;
    }
}

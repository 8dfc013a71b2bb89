namespace EdgeCam.WebConsole.Security;

/// <summary>
/// One password check at a time, the wrong-password pause included. A check costs the device a PBKDF2 derivation (about
/// 140 ms on an x64 core, about a second on a Pi 4), and a wrong password then waits a second: with the gate held
/// through both, guessing runs at about one attempt a second however many connections an attacker opens, and the CPU
/// stays free for the cameras. An attempt that cannot enter within <see cref="QueueWait"/> is turned away (429).
/// </summary>
public sealed class SignInGate : IDisposable
{
    /// <summary>How long an attempt waits for the one before it by default.</summary>
    public static readonly TimeSpan DefaultQueueWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public SignInGate(TimeSpan queueWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueWait, TimeSpan.Zero);
        QueueWait = queueWait;
    }

    /// <summary>How long an attempt waits for the one before it.</summary>
    public TimeSpan QueueWait { get; }

    /// <summary>Enters the gate, or returns null when the attempt before still holds it after <see cref="QueueWait"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken) =>
        await _gate.WaitAsync(QueueWait, cancellationToken) ? new Held(_gate) : null;

    public void Dispose() => _gate.Dispose();

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

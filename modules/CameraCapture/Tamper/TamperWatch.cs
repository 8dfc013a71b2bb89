using System.Threading.Channels;
using EdgeCam.Contracts.Health;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Tamper;

/// <summary>
/// The module's tamper check across capture sessions (the learned view outlives a restart of capture): the frame loop
/// hands it every gray frame (<see cref="ObserveFrame"/>, cheap, never waits), night vision tells it of IR switches
/// (<see cref="Relearn"/>), and <see cref="RunAsync"/> sends each confirmed change, one <see cref="TamperHealth"/> on
/// output <c>health</c>, with one log line.
/// </summary>
internal sealed partial class TamperWatch(TimeProvider timeProvider, ILogger logger)
{
    // Confirmed changes are seconds apart at least; the bound only guards a stalled sender (the oldest goes first).
    private readonly Channel<TamperHealth> _changes = Channel.CreateBounded<TamperHealth>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private volatile TamperSettings _settings = new();
    private volatile TamperCheck? _check;

    /// <summary>Applies settings live; a new camera id starts a new check (nothing learned yet).</summary>
    public void Update(string cameraId, TamperSettings settings)
    {
        _settings = settings;
        if (_check?.CameraId != cameraId)
        {
            _check = new TamperCheck(cameraId, timeProvider);
        }
    }

    /// <summary>One analysis frame of the current session.</summary>
    public void ObserveFrame(ReadOnlySpan<byte> pixels, int width, int height)
    {
        var settings = _settings;
        if (!settings.Enabled || _check is not { } check || check.Observe(pixels, width, height, settings) is not { } change)
        {
            return;
        }

        if (change.State == TamperState.Clear)
        {
            LogCleared(change.CameraId);
        }
        else
        {
            LogTampered(change.CameraId, change.State, change.Spread, change.Similarity, change.Sharpness);
        }

        _changes.Writer.TryWrite(change);
    }

    /// <summary>EdgeCam switched IR: the scene looks different on purpose, so the view is learned again.</summary>
    public void Relearn() => _check?.Relearn();

    /// <summary>Sends confirmed changes through <paramref name="send"/> until cancelled.</summary>
    public async Task RunAsync(Func<TamperHealth, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        await foreach (var change in _changes.Reader.ReadAllAsync(cancellationToken))
        {
            await send(change, cancellationToken);
        }
    }

    [LoggerMessage(60, LogLevel.Warning, "Camera {CameraId}: tampering seen: {State} (spread {Spread}, similarity {Similarity}, sharpness {Sharpness} of the learned view)")]
    private partial void LogTampered(string cameraId, TamperState state, double spread, double similarity, double sharpness);

    [LoggerMessage(61, LogLevel.Information, "Camera {CameraId}: the usual view is back, tampering cleared")]
    private partial void LogCleared(string cameraId);
}

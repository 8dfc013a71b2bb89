using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// While capture runs, sends the frame counters as <c>cameraFrameCounts</c> on output <c>frameCounts</c> every
/// <see cref="Interval"/>, so a viewer (the web console's health page) sees them rise between two state changes. No log
/// line: a count is not a change of state.
/// </summary>
internal sealed class FrameCountReporter(FrameCounters counters, Func<string?> runningCamera, TimeProvider timeProvider)
{
    /// <summary>How often the counters are sent while capture runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Sends until cancelled (then throws <see cref="OperationCanceledException"/>).</summary>
    /// <param name="send">Queues a message on output <c>frameCounts</c>.</param>
    /// <param name="cancellationToken">Stops the reporter.</param>
    public async Task RunAsync(Func<ModuleMessage, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (runningCamera() is { } cameraId)
            {
                var (analysed, dropped) = counters.Read();
                var counts = new CameraFrameCounts(cameraId, analysed, dropped, timeProvider.GetUtcNow());
                await send(ContractMessage.Create(counts, ContractsJsonContext.Default.CameraFrameCounts, MessageTypes.CameraFrameCounts, cameraId, Guid.NewGuid().ToString("N")), cancellationToken);
            }
        }
    }
}

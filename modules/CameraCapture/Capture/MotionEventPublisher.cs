using System.Globalization;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Turns tracker steps of one capture session into <see cref="MotionStarted"/>/<see cref="MotionEnded"/> messages on
/// output <c>motion</c>, with wall-clock times (session start + stream time) and event ids unique per camera.
/// </summary>
internal sealed class MotionEventPublisher(string cameraId, string sessionId, DateTimeOffset sessionStart, OutputSender output, Func<string, string, string?>? snapshotFor = null)
{
    public const string OutputName = "motion";
    private int _sequence;
    private string? _openEventId;

    /// <summary>Events published so far.</summary>
    public int EventCount => _sequence;

    public async ValueTask PublishAsync(MotionTrackerStep step, CancellationToken cancellationToken)
    {
        if (step.Ended is { } ended)
        {
            await PublishEndedAsync(ended, cancellationToken);
        }

        if (step.Started is { } started)
        {
            _openEventId = $"{cameraId}-{sessionId}-{++_sequence:D4}";
            // The snapshot is queued (not yet written) here: it shows the frame that confirmed the event.
            var snapshot = snapshotFor?.Invoke(cameraId, _openEventId);
            var contract = new MotionStarted(cameraId, _openEventId, sessionStart + started.Start, started.Score, started.Regions, snapshot) { Zones = started.Zones };
            var message = ContractMessage.Create(contract, ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, cameraId, _openEventId + ":started");
            await output.EnqueueAsync(OutputName, message, cancellationToken);
        }
    }

    public async ValueTask PublishEndedAsync(MotionEventEnd ended, CancellationToken cancellationToken)
    {
        var eventId = _openEventId ?? throw new InvalidOperationException("An event ended that never started.");
        _openEventId = null;
        var contract = new MotionEnded(cameraId, eventId, sessionStart + ended.Start, sessionStart + ended.End, Math.Round(ended.PeakScore, 4), ended.MotionFrames);
        var message = ContractMessage.Create(contract, ContractsJsonContext.Default.MotionEnded, MessageTypes.MotionEnded, cameraId, eventId + ":ended");
        await output.EnqueueAsync(OutputName, message, cancellationToken);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{cameraId}/{sessionId}: {_sequence} events");
}

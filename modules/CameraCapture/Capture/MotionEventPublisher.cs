using System.Globalization;
using EdgeCam.CameraCapture.Journal;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// Turns tracker steps of one capture session into <see cref="MotionStarted"/>/<see cref="MotionEnded"/> messages on
/// output <c>motion</c>, with wall-clock times (session start + stream time) and event ids unique per camera.
/// With a <see cref="MotionJournal"/>, each event is journaled before its <c>motionStarted</c> is queued, its last
/// motion time refreshed while it is open, its end recorded before <c>motionEnded</c> is queued, and its entry removed
/// once <c>motionEnded</c> was sent.
/// </summary>
internal sealed class MotionEventPublisher(
    string cameraId,
    string sessionId,
    DateTimeOffset sessionStart,
    OutputSender output,
    Func<string, string, TimeSpan, DateTimeOffset, string?>? snapshotFor = null,
    MotionJournal? journal = null,
    Func<TimeSpan>? maxEventLength = null)
{
    public const string OutputName = MotionMessages.OutputName;
    private int _sequence;
    private OpenEvent? _open;

    /// <summary>Events published so far.</summary>
    public int EventCount => _sequence;

    /// <param name="step">What the tracker made of the frame.</param>
    /// <param name="timestamp">The frame's stream time.</param>
    /// <param name="motion">What the detector saw in the frame (its motion keeps an open event's journal entry current).</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send queue.</param>
    public async ValueTask PublishAsync(MotionTrackerStep step, TimeSpan timestamp, MotionResult motion, CancellationToken cancellationToken)
    {
        if (step.Ended is { } ended)
        {
            await PublishEndedAsync(ended, cancellationToken);
        }

        if (step.Started is { } started)
        {
            var eventId = $"{cameraId}-{sessionId}-{++_sequence:D4}";
            // The snapshot is queued (not yet written) here: the first colour frame at or after the event's first motion frame.
            var snapshot = snapshotFor?.Invoke(cameraId, eventId, started.Start, sessionStart + started.Start);
            var contract = new MotionStarted(cameraId, eventId, sessionStart + started.Start, started.Score, started.Regions, snapshot) { Zones = started.Zones };
            _open = new OpenEvent(contract);
            journal?.Begin(contract, maxEventLength?.Invoke() ?? new MotionEventTrackerOptions().MaxEventLength);
            await output.EnqueueAsync(OutputName, MotionMessages.Started(contract), OnSent(journal, eventId, started: true), cancellationToken);
            _open.StartedQueued = true;
        }
        else if (_open is { } open && motion.IsMotion)
        {
            open.Seen(motion.Score);
            journal?.Refresh(open.Started.EventId, sessionStart + timestamp, open.PeakScore, open.MotionFrames);
        }
    }

    public async ValueTask PublishEndedAsync(MotionEventEnd ended, CancellationToken cancellationToken)
    {
        var open = _open ?? throw new InvalidOperationException("An event ended that never started.");
        _open = null;
        var eventId = open.Started.EventId;
        if (!open.StartedQueued)
        {
            // Capture stopped while motionStarted waited for room in the queue: it goes first, so no end comes without a start.
            await output.EnqueueAsync(OutputName, MotionMessages.Started(open.Started), OnSent(journal, eventId, started: true), CancellationToken.None);
        }

        var contract = new MotionEnded(cameraId, eventId, sessionStart + ended.Start, sessionStart + ended.End, Math.Round(ended.PeakScore, 4), ended.MotionFrames);
        journal?.End(contract);
        await output.EnqueueAsync(OutputName, MotionMessages.Ended(contract), OnSent(journal, eventId, started: false), cancellationToken);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{cameraId}/{sessionId}: {_sequence} events");

    private static Action? OnSent(MotionJournal? journal, string eventId, bool started) => journal switch
    {
        null => null,
        _ when started => () => journal.MarkStartedSent(eventId),
        _ => () => journal.Remove(eventId),
    };

    // What the journal needs of the open event: the message it started with, and its motion since (from the
    // confirming frame on; the tracker's own counts, which include the frames before confirmation, come at the end).
    private sealed class OpenEvent(MotionStarted started)
    {
        public MotionStarted Started { get; } = started;

        public bool StartedQueued { get; set; }

        public double PeakScore { get; private set; } = started.Score;

        public int MotionFrames { get; private set; } = 1;

        public void Seen(double score)
        {
            PeakScore = Math.Max(PeakScore, score);
            MotionFrames++;
        }
    }
}

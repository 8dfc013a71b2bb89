using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Snapshots;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Journal;

/// <summary>
/// Finishes the motion events an earlier run left in the journal (a crash, or a stop whose last send did not complete),
/// before capture starts: a <c>motionStarted</c> that was never sent is sent (a late alert rather than none), then the
/// <c>motionEnded</c> with the recorded end, or for an event still open at the crash with its last journaled motion
/// time (<see cref="JournaledMotionEvent.Ending"/>). Same event and message ids as the first time; one log line per event.
/// The entry is removed once its <c>motionEnded</c> was sent, so a crash during recovery only repeats it. An event whose
/// snapshot is on disk has its <c>snapshotReady</c> sent again before its end (the crash may have come between the file
/// and the message; BlobBuffer takes a repeat once, and finds a snapshot already uploaded without sending it again).
/// </summary>
internal static partial class JournalRecovery
{
    /// <summary>Queues the messages of every leftover event, oldest first; returns how many events were recovered.</summary>
    /// <param name="snapshotOf">The <c>snapshotReady</c> of an event's snapshot file when it is on disk (null: none).</param>
    public static async Task<int> RecoverAsync(MotionJournal journal, OutputSender output, ILogger logger, CancellationToken cancellationToken, Func<MotionStarted, SnapshotReady?>? snapshotOf = null)
    {
        var leftovers = journal.ReadLeftovers();
        foreach (var entry in leftovers)
        {
            var eventId = entry.Started.EventId;
            if (!entry.StartedSent)
            {
                await output.EnqueueAsync(MotionMessages.OutputName, MotionMessages.Started(entry.Started), () => journal.MarkStartedSent(eventId), cancellationToken);
            }

            if (snapshotOf?.Invoke(entry.Started) is { } snapshot)
            {
                await output.EnqueueAsync(Snapshots.SnapshotWriter.OutputName, SnapshotMessages.Ready(snapshot), cancellationToken);
            }

            var ended = entry.Ending();
            await output.EnqueueAsync(MotionMessages.OutputName, MotionMessages.Ended(ended), () => journal.Remove(eventId), cancellationToken);
            LogRecovered(
                logger,
                ended.CameraId,
                eventId,
                ended.Start,
                ended.End,
                entry.Ended is null ? "open at the crash, ended at its last journaled motion" : "ended, motionEnded not yet sent",
                entry.StartedSent ? "motionEnded sent" : "motionStarted and motionEnded sent late");
        }

        return leftovers.Count;
    }

    [LoggerMessage(53, LogLevel.Warning, "Camera {CameraId}: motion event {EventId} ({Start:O} to {End:O}) recovered from the journal: {State}; {Action}")]
    private static partial void LogRecovered(ILogger logger, string cameraId, string eventId, DateTimeOffset start, DateTimeOffset end, string state, string action);
}

using System.Text.Json.Serialization;
using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Journal;

/// <summary>
/// One motion event as the journal keeps it on the shared volume, from before its <c>motionStarted</c> is queued until
/// its <c>motionEnded</c> was sent.
/// </summary>
/// <param name="Started">The <c>motionStarted</c> message body, exactly as sent (and as sent again after a crash).</param>
/// <param name="StartedSent">The transport accepted <c>motionStarted</c> (false: it is sent at recovery, late but not lost).</param>
/// <param name="LastSeen">Wall-clock time of the last motion frame journaled (refreshed at most every <see cref="MotionJournal.RefreshInterval"/>).</param>
/// <param name="PeakScore">Highest score journaled so far.</param>
/// <param name="MotionFrames">Motion frames journaled so far, counted from the frame that confirmed the event.</param>
/// <param name="MaxEventLength">The maximum event length when the event started; a recovered open event never ends later than start + this.</param>
/// <param name="Ended">The <c>motionEnded</c> body once the event ended, or null while it is open.</param>
internal sealed record JournaledMotionEvent(
    MotionStarted Started,
    bool StartedSent,
    DateTimeOffset LastSeen,
    double PeakScore,
    int MotionFrames,
    TimeSpan MaxEventLength,
    MotionEnded? Ended = null)
{
    /// <summary>
    /// The <c>motionEnded</c> to send for this entry: the recorded one, or for an event still open at the crash one that
    /// ends at the last time motion was journaled, never before its start nor beyond the maximum event length.
    /// </summary>
    public MotionEnded Ending()
    {
        if (Ended is { } ended)
        {
            return ended;
        }

        var start = Started.Start;
        var latest = start + MaxEventLength;
        var end = LastSeen < start ? start : LastSeen > latest ? latest : LastSeen;
        return new MotionEnded(Started.CameraId, Started.EventId, start, end, Math.Round(PeakScore, 4), MotionFrames);
    }
}

/// <summary>The JSON shape of journal files: the contracts' own camelCase shape, every property required.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(JournaledMotionEvent))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
}

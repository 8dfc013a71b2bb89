using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Media.Clips;
using EdgeCam.Media.Processes;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using EdgeCam.SegmentRecorder.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>
/// Handles one ended event: waits until its footage is complete (a closed segment reaches end + post-roll), or its
/// capture session ended, or end + post-roll + the clip timeout passed on the clock; then cuts what exists.
/// </summary>
public sealed partial class ClipJobProcessor
{
    private readonly SegmentIndex _index;
    private readonly ClipCutter _cutter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ClipJobProcessor(SegmentIndex index, ClipCutter cutter, TimeProvider time, ILogger<ClipJobProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(cutter);
        ArgumentNullException.ThrowIfNull(time);
        _index = index;
        _cutter = cutter;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How often the footage is checked while waiting for it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The window an event's clip will cover under <paramref name="settings"/>.</summary>
    public static ClipRequest RequestFor(MotionEnded motion, SegmentRecorderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(motion);
        ArgumentNullException.ThrowIfNull(settings);
        return new ClipRequest(motion.Start, motion.End, settings.PreRoll, settings.PostRoll, settings.MaxClipLength);
    }

    /// <summary>Waits for the footage, cuts the clip and returns the outcome (never throws for a bad segment).</summary>
    public async Task<ClipOutcome> ProcessAsync(MotionEnded motion, SegmentRecorderSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(motion);
        var request = RequestFor(motion, settings);
        var deadline = request.DesiredWindow.End + settings.ClipTimeout;
        ClipPlan plan;
        while (true)
        {
            _index.Refresh();
            plan = ClipPlanner.Plan(_index.Segments(motion.CameraId), request);
            if (plan.IsComplete)
            {
                break;
            }

            if (plan.SessionId is { } session && _index.HasEnded(motion.CameraId, session))
            {
                LogCutShort(motion.EventId, "the capture session ended");
                break;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                LogCutShort(motion.EventId, $"no segment reached {plan.WindowEnd:O} within {settings.ClipTimeoutSeconds} s");
                break;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }

        if (plan.IsEmpty)
        {
            var reason = $"no footage of camera '{motion.CameraId}' covers event '{motion.EventId}' ({request.DesiredWindow.Start:O} to {request.DesiredWindow.End:O})";
            LogClipFailed(motion.EventId, reason);
            return ClipOutcome.Failed(reason);
        }

        try
        {
            var clip = await _cutter.CutAsync(motion.CameraId, motion.EventId, plan, cancellationToken);
            LogClipReady(motion.EventId, clip.Duration.TotalSeconds, clip.SizeBytes / (1024.0 * 1024.0), plan.Segments.Count);
            return ClipOutcome.Ready(clip);
        }
        catch (Exception ex) when (ex is ClipCutException or MediaProbeException or MediaToolNotFoundException or IOException or ArgumentException)
        {
            LogClipFailed(motion.EventId, ex.Message);
            return ClipOutcome.Failed(ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Clip ready for event {EventId}: {Seconds:0.0} s, {Megabytes:0.0} MB from {Segments} segment(s)")]
    private partial void LogClipReady(string eventId, double seconds, double megabytes, int segments);

    [LoggerMessage(2, LogLevel.Error, "Clip for event {EventId} failed: {Reason}")]
    private partial void LogClipFailed(string eventId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Clip for event {EventId} is cut with the footage there is: {Reason}")]
    private partial void LogCutShort(string eventId, string reason);
}

/// <summary>The result of one clip job: the clip, or why there is none.</summary>
public sealed record ClipOutcome(ClipReady? Clip, string? Error)
{
    public static ClipOutcome Ready(ClipReady clip) => new(clip, null);

    public static ClipOutcome Failed(string error) => new(null, error);
}

using System.Globalization;
using System.Runtime.CompilerServices;
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
/// Handles one ended event, one part after the other (an event longer than the maximum clip becomes consecutive clips):
/// waits until a part's footage is complete (a closed segment reaches its window end), or its capture session ended, or
/// the window end + the clip timeout passed on the clock; then cuts what exists.
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

    private volatile bool _stopWaiting;

    /// <summary>How often the footage is checked while waiting for it.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>The default of <see cref="PollInterval"/>.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// From now on each part is cut with the footage that exists instead of waiting for more: the module is stopping,
    /// and the capture session has ended or is ending, so the segments still missing will not come in time.
    /// </summary>
    public void StopWaiting() => _stopWaiting = true;

    /// <summary>The window an event's clip will cover under <paramref name="settings"/>.</summary>
    public static ClipRequest RequestFor(MotionEnded motion, SegmentRecorderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(motion);
        ArgumentNullException.ThrowIfNull(settings);
        return new ClipRequest(motion.Start, motion.End, settings.PreRoll, settings.PostRoll, settings.MaxClipLength);
    }

    /// <summary>Clip id of part <paramref name="part"/> (1-based): the event id, then <c>&lt;event&gt;.part&lt;n&gt;</c>.</summary>
    public static string ClipId(string eventId, int part) =>
        part == 1 ? eventId : string.Create(CultureInfo.InvariantCulture, $"{eventId}.part{part}");

    /// <summary>
    /// Cuts the event into consecutive clips, each no longer than the maximum, that together cover [start − pre-roll,
    /// end + post-roll]: each part starts where the previous one's media ended. For each part it waits for the footage,
    /// then yields the outcome (never throws for a bad segment; a failed part does not stop the next one).
    /// </summary>
    public IAsyncEnumerable<ClipOutcome> ProcessAsync(MotionEnded motion, SegmentRecorderSettings settings, CancellationToken cancellationToken) =>
        ProcessAsync(motion, settings, 1, null, cancellationToken);

    /// <summary>
    /// As <see cref="ProcessAsync(MotionEnded, SegmentRecorderSettings, CancellationToken)"/>, from part
    /// <paramref name="firstPart"/> at <paramref name="cursor"/> on (a job resumed after a restart; null: the event window's start).
    /// </summary>
    public async IAsyncEnumerable<ClipOutcome> ProcessAsync(
        MotionEnded motion, SegmentRecorderSettings settings, int firstPart, DateTimeOffset? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(motion);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPart, 1);
        var request = RequestFor(motion, settings);
        var eventEnd = request.EventWindow.End;
        var at = cursor ?? request.EventWindow.Start;
        for (var part = firstPart; ; part++)
        {
            var (outcome, partEnd, cutShort) = await CutPartAsync(motion, request, settings, part, at, cancellationToken);
            var last = partEnd >= eventEnd - ShortestPart || partEnd <= at || (cutShort && !HasFootageAfter(motion.CameraId, partEnd));
            var placed = outcome with { Part = part, Cursor = at, Next = partEnd, Last = last };
            yield return outcome.Clip is { } clip ? placed with { Clip = clip with { Part = part, LastPart = last } } : placed;
            if (last)
            {
                yield break;
            }

            at = partEnd;
        }
    }

    /// <summary>Less than this left of the event window after a part (frame timing at its end) does not make another clip.</summary>
    private static readonly TimeSpan ShortestPart = TimeSpan.FromSeconds(1);

    // The footage stopped (the session ended, or the timeout passed) and nothing later exists: no further part to cut.
    private bool HasFootageAfter(string cameraId, DateTimeOffset time) => _index.Segments(cameraId).Any(s => s.End > time + ClipRequest.EndSlack);

    // One part from the cursor: its outcome, where its media ended (the window end when it failed), and whether it was
    // cut before its footage was complete.
    private async Task<(ClipOutcome Outcome, DateTimeOffset End, bool CutShort)> CutPartAsync(
        MotionEnded motion, ClipRequest request, SegmentRecorderSettings settings, int part, DateTimeOffset cursor, CancellationToken cancellationToken)
    {
        var clipId = ClipId(motion.EventId, part);
        var anchor = part == 1 ? motion.Start : cursor;
        var window = request.PartWindow(cursor, cursor);
        try
        {
            var plan = await WaitForFootageAsync(motion, settings, clipId, anchor, window, cancellationToken);
            if (!plan.IsEmpty)
            {
                // The clip starts on the keyframe at or before the cursor: end the window max after it, not after the cursor.
                window = request.PartWindow(cursor, await _cutter.FirstFrameAsync(plan, cancellationToken));
                plan = ClipPlanner.PlanWindow(_index.Segments(motion.CameraId), anchor, window.Start, window.End);
            }

            if (plan.IsEmpty)
            {
                var reason = $"no footage of camera '{motion.CameraId}' covers event '{motion.EventId}' ({window.Start:O} to {window.End:O})";
                LogClipFailed(clipId, reason);
                return (ClipOutcome.Failed(reason), window.End, true);
            }

            var clip = await _cutter.CutAsync(motion.CameraId, clipId, plan, cancellationToken);
            LogClipReady(clipId, clip.Duration.TotalSeconds, clip.SizeBytes / (1024.0 * 1024.0), plan.Segments.Count);
            return (ClipOutcome.Ready(clip), clip.End > window.Start ? clip.End : window.End, !plan.IsComplete);
        }
        catch (Exception ex) when (ex is ClipCutException or MediaProbeException or MediaToolNotFoundException or IOException or ArgumentException)
        {
            LogClipFailed(clipId, ex.Message);
            return (ClipOutcome.Failed(ex.Message), window.End, false);
        }
    }

    // Waits until a closed segment reaches the window end, the session ended, or window end + clip timeout passed.
    private async Task<ClipPlan> WaitForFootageAsync(
        MotionEnded motion, SegmentRecorderSettings settings, string clipId, DateTimeOffset anchor, (DateTimeOffset Start, DateTimeOffset End) window, CancellationToken cancellationToken)
    {
        var deadline = window.End + settings.ClipTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _index.Refresh();
            var plan = ClipPlanner.PlanWindow(_index.Segments(motion.CameraId), anchor, window.Start, window.End);
            if (plan.IsComplete)
            {
                return plan;
            }

            if (plan.SessionId is { } session && _index.HasEnded(motion.CameraId, session))
            {
                LogCutShort(clipId, "the capture session ended");
                return plan;
            }

            if (_stopWaiting)
            {
                LogCutShort(clipId, "the module is stopping");
                return plan;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                LogCutShort(clipId, $"no segment reached {plan.WindowEnd:O} within {settings.ClipTimeoutSeconds} s");
                return plan;
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Clip {ClipId} ready: {Seconds:0.0} s, {Megabytes:0.0} MB from {Segments} segment(s)")]
    private partial void LogClipReady(string clipId, double seconds, double megabytes, int segments);

    [LoggerMessage(2, LogLevel.Error, "Clip {ClipId} failed: {Reason}")]
    private partial void LogClipFailed(string clipId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Clip {ClipId} is cut with the footage there is: {Reason}")]
    private partial void LogCutShort(string clipId, string reason);
}

/// <summary>The result of one part of a clip job: the clip, or why there is none, and where the part lies.</summary>
public sealed record ClipOutcome(ClipReady? Clip, string? Error)
{
    /// <summary>1-based part number.</summary>
    public int Part { get; init; } = 1;

    /// <summary>Where the part's window started.</summary>
    public DateTimeOffset Cursor { get; init; }

    /// <summary>Where the next part starts: the clip's media end, or the part's window end when it failed.</summary>
    public DateTimeOffset Next { get; init; }

    /// <summary>True when no part follows.</summary>
    public bool Last { get; init; } = true;

    public static ClipOutcome Ready(ClipReady clip) => new(clip, null);

    public static ClipOutcome Failed(string error) => new(null, error);
}

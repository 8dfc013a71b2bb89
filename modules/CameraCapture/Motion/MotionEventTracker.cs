using EdgeCam.Contracts.Motion;

namespace EdgeCam.CameraCapture.Motion;

/// <summary>A motion event began (stream time).</summary>
/// <param name="Start">Stream time of the first motion frame of the run that started it.</param>
/// <param name="Score">Changed share of the frame that confirmed the event.</param>
/// <param name="Regions">Regions of the frame that confirmed the event.</param>
/// <param name="Zones">Names of the zones touched by the frames that started the event (empty without zones).</param>
public sealed record MotionEventStart(TimeSpan Start, double Score, IReadOnlyList<MotionRegion> Regions, IReadOnlyList<string> Zones);

/// <summary>A motion event ended (stream time).</summary>
/// <param name="Start">Same as in its <see cref="MotionEventStart"/>.</param>
/// <param name="End">Stream time of its last motion frame.</param>
/// <param name="PeakScore">Highest changed share during the event.</param>
/// <param name="MotionFrames">Motion frames during the event.</param>
public sealed record MotionEventEnd(TimeSpan Start, TimeSpan End, double PeakScore, int MotionFrames);

/// <summary>What one observed frame changed: an event may end, start, or (at the maximum length) both.</summary>
public readonly record struct MotionTrackerStep(MotionEventEnd? Ended, MotionEventStart? Started);

/// <summary>
/// Turns per-frame motion into events. An event starts after <see cref="MotionEventTrackerOptions.StartFrames"/>
/// consecutive motion frames (its start is the first of them), ends once no motion was seen for
/// <see cref="MotionEventTrackerOptions.EventGap"/> (its end is the last motion frame), and is split at
/// <see cref="MotionEventTrackerOptions.MaxEventLength"/> when motion goes on. Time is the frames' stream time, so the
/// result does not depend on how fast frames are processed.
/// </summary>
public sealed class MotionEventTracker
{
    private MotionEventTrackerOptions _options;
    private int _runLength;
    private TimeSpan _runStart;
    private int _runZones;
    private bool _active;
    private TimeSpan _eventStart;
    private TimeSpan _lastMotion;
    private double _peakScore;
    private int _motionFrames;

    public MotionEventTracker(MotionEventTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StartFrames);
        _options = options;
    }

    /// <summary>The rules in force.</summary>
    public MotionEventTrackerOptions Options => _options;

    /// <summary>Applies new rules from the next frame on; an open event stays open (it is not split by the change).</summary>
    public void Update(MotionEventTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StartFrames);
        _options = options;
    }

    /// <summary>True while an event is open.</summary>
    public bool IsActive => _active;

    /// <summary>Feeds the result of the frame at <paramref name="timestamp"/>; frames must come in time order.</summary>
    public MotionTrackerStep Observe(TimeSpan timestamp, MotionResult result)
    {
        return _active ? ObserveActive(timestamp, result) : ObserveIdle(timestamp, result);
    }

    /// <summary>Ends the open event, if any, at its last motion frame (the stream ended or capture stopped).</summary>
    public MotionEventEnd? Flush()
    {
        _runLength = 0;
        return _active ? End() : null;
    }

    private MotionTrackerStep ObserveIdle(TimeSpan timestamp, MotionResult result)
    {
        if (!result.IsMotion)
        {
            _runLength = 0;
            return default;
        }

        if (_runLength++ == 0)
        {
            _runStart = timestamp;
            _runZones = 0;
        }

        _runZones |= result.Zones;

        if (_runLength < _options.StartFrames)
        {
            return default;
        }

        _runLength = 0;
        return new MotionTrackerStep(null, Begin(_runStart, timestamp, result, framesSoFar: _options.StartFrames));
    }

    private MotionTrackerStep ObserveActive(TimeSpan timestamp, MotionResult result)
    {
        if (!result.IsMotion)
        {
            return timestamp - _lastMotion >= _options.EventGap ? new MotionTrackerStep(End(), null) : default;
        }

        if (timestamp - _eventStart >= _options.MaxEventLength)
        {
            // Motion goes on: close this event at its last motion frame and open the next one at this frame.
            var ended = End();
            _runZones = result.Zones;
            return new MotionTrackerStep(ended, Begin(timestamp, timestamp, result, framesSoFar: 1));
        }

        _lastMotion = timestamp;
        _peakScore = Math.Max(_peakScore, result.Score);
        _motionFrames++;
        return default;
    }

    private MotionEventStart Begin(TimeSpan start, TimeSpan timestamp, MotionResult result, int framesSoFar)
    {
        _active = true;
        _eventStart = start;
        _lastMotion = timestamp;
        _peakScore = result.Score;
        _motionFrames = framesSoFar;
        return new MotionEventStart(start, result.Score, ToContract(result.Regions.Span), ZoneNames(_runZones));
    }

    // Only at an event start: the detector's regions are copied out of its reused buffer.
    private static MotionRegion[] ToContract(ReadOnlySpan<MotionBox> boxes)
    {
        var regions = new MotionRegion[boxes.Length];
        for (var i = 0; i < boxes.Length; i++)
        {
            var b = boxes[i];
            regions[i] = new MotionRegion(b.X, b.Y, b.Width, b.Height, b.Area);
        }

        return regions;
    }

    private string[] ZoneNames(int bits)
    {
        var names = new List<string>();
        for (var i = 0; i < _options.ZoneNames.Count; i++)
        {
            if ((bits & (1 << i)) != 0)
            {
                names.Add(_options.ZoneNames[i]);
            }
        }

        return [.. names];
    }

    private MotionEventEnd End()
    {
        _active = false;
        return new MotionEventEnd(_eventStart, _lastMotion, _peakScore, _motionFrames);
    }
}

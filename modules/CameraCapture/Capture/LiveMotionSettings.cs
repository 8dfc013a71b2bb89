using EdgeCam.CameraCapture.Motion;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>
/// The motion settings in force, shared by the module (which sets them for every accepted twin change) and the running
/// capture session (which picks them up between two frames, on its own loop, so the detector never changes mid-frame).
/// A sensitivity change therefore needs no new capture process: no recording gap, no split event.
/// </summary>
internal sealed class LiveMotionSettings
{
    private volatile MotionSettings? _current;

    /// <summary>The latest motion settings, or null before any were accepted.</summary>
    public MotionSettings? Current => _current;

    /// <summary>Makes <paramref name="settings"/> the settings the running session applies at its next frame.</summary>
    public void Set(MotionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _current = settings;
    }

    /// <summary>
    /// Applies the latest settings to <paramref name="detector"/> and <paramref name="tracker"/> when they are not the
    /// ones those already use (compared by reference: the module sets a new instance only when motion changed).
    /// </summary>
    public void ApplyTo(MotionDetector detector, MotionEventTracker tracker)
    {
        if (_current is not { } latest)
        {
            return;
        }

        if (!ReferenceEquals(latest.Detector, detector.Options))
        {
            detector.Update(latest.Detector);
        }

        if (!ReferenceEquals(latest.Events, tracker.Options))
        {
            tracker.Update(latest.Events);
        }
    }
}

using EdgeCam.DevKit.Synthetic;

namespace EdgeCam.Agent.Demo;

/// <summary>The synthetic camera of the demo: a scene with noise, and a box that moves during three known intervals.</summary>
public static class DemoCamera
{
    /// <summary>
    /// Options for a clip of <paramref name="duration"/>. Motion intervals are spaced more than the default event gap
    /// (10 s) apart, so each is its own event, and leave room for pre- and post-roll (5 s) inside the clip.
    /// </summary>
    public static SyntheticClipOptions Options(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        IReadOnlyList<MotionInterval> intervals = seconds >= 60
            ? [MotionInterval.FromSeconds(6, 14), MotionInterval.FromSeconds(28, 34), MotionInterval.FromSeconds(48, 53)]
            : [MotionInterval.FromSeconds(seconds * 0.2, seconds * 0.45)];
        return new SyntheticClipOptions
        {
            Width = 640,
            Height = 360,
            FramesPerSecond = 15,
            Duration = duration,
            MotionIntervals = intervals,
        };
    }
}

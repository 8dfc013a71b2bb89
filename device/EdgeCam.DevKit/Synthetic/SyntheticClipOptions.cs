namespace EdgeCam.DevKit.Synthetic;

/// <summary>
/// What <see cref="SyntheticClip"/> renders: a static textured scene, a white box that is visible and moving only
/// during <see cref="MotionIntervals"/>, temporal sensor noise, H.264 with a fixed GOP of one second.
/// </summary>
public sealed record SyntheticClipOptions
{
    /// <summary>Frame width in pixels (even).</summary>
    public int Width { get; init; } = 640;

    /// <summary>Frame height in pixels (even).</summary>
    public int Height { get; init; } = 360;

    /// <summary>Frames per second; also the GOP length, so every second starts with a keyframe.</summary>
    public int FramesPerSecond { get; init; } = 15;

    /// <summary>Length of the clip.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>When the box is in the picture and moving; it is absent the rest of the time. Must lie within <see cref="Duration"/>.</summary>
    public IReadOnlyList<MotionInterval> MotionIntervals { get; init; } = [MotionInterval.FromSeconds(4, 7)];

    /// <summary>Edge of the moving box as a share of the frame height.</summary>
    public double BoxSizeFraction { get; init; } = 0.22;

    /// <summary>Temporal noise strength of ffmpeg's <c>noise</c> filter (0 = none).</summary>
    public int NoiseStrength { get; init; } = 8;

    /// <summary>Capped video bitrate in kbit/s (noise would otherwise blow up the file).</summary>
    public int BitrateKbps { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Check(Width >= 64 && Width % 2 == 0, nameof(Width), "must be an even number >= 64");
        Check(Height >= 64 && Height % 2 == 0, nameof(Height), "must be an even number >= 64");
        Check(FramesPerSecond is >= 1 and <= 60, nameof(FramesPerSecond), "must be 1..60");
        Check(Duration > TimeSpan.Zero, nameof(Duration), "must be positive");
        Check(BoxSizeFraction is > 0 and < 1, nameof(BoxSizeFraction), "must be between 0 and 1");
        Check(NoiseStrength is >= 0 and <= 100, nameof(NoiseStrength), "must be 0..100");
        Check(BitrateKbps > 0, nameof(BitrateKbps), "must be positive");
        foreach (var interval in MotionIntervals)
        {
            Check(interval.Start >= TimeSpan.Zero && interval.End > interval.Start && interval.End <= Duration, nameof(MotionIntervals), $"{interval} must be a non-empty span within the clip");
        }
    }

    private static void Check(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}.", name);
        }
    }
}

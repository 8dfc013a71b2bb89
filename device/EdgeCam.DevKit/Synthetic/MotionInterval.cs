namespace EdgeCam.DevKit.Synthetic;

/// <summary>A span of stream time, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
/// <param name="Start">Stream time the span begins.</param>
/// <param name="End">Stream time the span ends; after <paramref name="Start"/>.</param>
public sealed record MotionInterval(TimeSpan Start, TimeSpan End)
{
    /// <summary>How long the span lasts.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>A span given in seconds.</summary>
    public static MotionInterval FromSeconds(double start, double end) => new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));
}

using EdgeCam.SegmentRecorder.Index;

namespace EdgeCam.SegmentRecorder.Tests.Fakes;

/// <summary>Segment lists without files, for the pure planning and retention tests.</summary>
internal static class Segments
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="count"/> back-to-back segments of <paramref name="seconds"/> from <paramref name="from"/> seconds after T0.</summary>
    public static List<RecordedSegment> Run(int count, double seconds = 2, double from = 0, string session = "s1", string camera = "cam1") =>
        [.. Enumerable.Range(0, count).Select(i => At(from + (i * seconds), seconds, session, camera, i + 1))];

    public static RecordedSegment At(double startSeconds, double seconds, string session = "s1", string camera = "cam1", int number = 0) =>
        new(camera, session, $"/spool/{camera}/{session}/seg_{number:000000}_{startSeconds}.ts", T0.AddSeconds(startSeconds), T0.AddSeconds(startSeconds + seconds));

    public static DateTimeOffset S(double seconds) => T0.AddSeconds(seconds);
}

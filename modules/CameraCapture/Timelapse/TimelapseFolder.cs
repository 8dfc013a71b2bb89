using System.Globalization;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// One camera's time-lapse on the shared volume (<c>timelapse/&lt;cameraId&gt;/</c>): a directory of frames per UTC day,
/// <c>&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt;.jpg</c>, and the day's video <c>&lt;yyyy-MM-dd&gt;.mp4</c> once made, with an empty
/// <c>&lt;yyyy-MM-dd&gt;.mp4.announced</c> beside it once its <c>clipReady</c> was sent. The video's existence is the
/// cursor that makes each day once; the marker is the one that announces it once.
/// </summary>
internal sealed class TimelapseFolder(string directory)
{
    private const string DayFormat = "yyyy-MM-dd";
    private const string VideoExtension = ".mp4";
    private const string AnnouncedSuffix = ".announced";

    public string Directory => directory;

    public static string DayName(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>The frame kept at <paramref name="takenAt"/> (named by its UTC second, in its UTC day's directory).</summary>
    public string FramePath(DateTimeOffset takenAt) =>
        Path.Combine(DayDirectory(DayOf(takenAt)), takenAt.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture) + ".jpg");

    public string DayDirectory(DateOnly day) => Path.Combine(directory, DayName(day));

    public string VideoPath(DateOnly day) => Path.Combine(directory, DayName(day) + VideoExtension);

    /// <summary>Where the video is encoded before it is renamed into place (hidden, so nothing takes it half-written).</summary>
    public string PartialPath(DateOnly day) => Path.Combine(directory, "." + DayName(day) + VideoExtension + ".partial");

    public string AnnouncedPath(DateOnly day) => VideoPath(day) + AnnouncedSuffix;

    /// <summary>The frames of <paramref name="day"/>, oldest first.</summary>
    public string[] Frames(DateOnly day)
    {
        var dayDirectory = DayDirectory(day);
        if (!System.IO.Directory.Exists(dayDirectory))
        {
            return [];
        }

        var frames = System.IO.Directory.GetFiles(dayDirectory, "*.jpg");
        Array.Sort(frames, StringComparer.Ordinal);
        return frames;
    }

    /// <summary>Days that have a frame directory, oldest first.</summary>
    public IReadOnlyList<DateOnly> FrameDays() => Days(System.IO.Directory.Exists(directory) ? System.IO.Directory.GetDirectories(directory).Select(Path.GetFileName) : []);

    /// <summary>Days whose video is made, oldest first.</summary>
    public IReadOnlyList<DateOnly> VideoDays() =>
        Days(System.IO.Directory.Exists(directory) ? System.IO.Directory.GetFiles(directory, "*" + VideoExtension).Select(Path.GetFileNameWithoutExtension) : []);

    private static List<DateOnly> Days(IEnumerable<string?> names) =>
        names.Select(n => DateOnly.TryParseExact(n, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : (DateOnly?)null)
            .OfType<DateOnly>()
            .Order()
            .ToList();
}

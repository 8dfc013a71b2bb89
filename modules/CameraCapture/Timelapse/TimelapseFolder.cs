using System.Globalization;
using EdgeCam.Contracts.Blobs;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// One camera's time-lapse on the shared volume (<c>timelapse/&lt;cameraId&gt;/</c>): a directory of frames per UTC day,
/// <c>&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt;.jpg</c>, the day's video <c>&lt;yyyy-MM-dd&gt;.mp4</c> once made, and the videos made
/// on demand, <c>&lt;yyyy-MM-dd&gt;-partial-&lt;HHmmss&gt;.mp4</c> (the day up to its frame of that second); each video with
/// an empty <c>….mp4.announced</c> beside it once its <c>clipReady</c> was sent. The day's video's existence is the cursor
/// that makes each day once; the marker is the one that announces a video once.
/// </summary>
internal sealed class TimelapseFolder(string directory)
{
    private const string DayFormat = "yyyy-MM-dd";
    private const string TimeFormat = "HHmmss";
    private const string PartialInfix = "-partial-";
    private const string VideoExtension = ".mp4";
    private const string AnnouncedSuffix = ".announced";
    private const string EncodingSuffix = ".encoding";

    public string Directory => directory;

    public static string DayName(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>Reads a day as the method takes it (<c>yyyy-MM-dd</c>).</summary>
    public static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>The second of its day a frame was kept at (from its name); false for a file not named so.</summary>
    public static bool TryFrameTime(string framePath, out TimeOnly time) =>
        TimeOnly.TryParseExact(Path.GetFileNameWithoutExtension(framePath), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The frame kept at <paramref name="takenAt"/> (named by its UTC second, in its UTC day's directory).</summary>
    public string FramePath(DateTimeOffset takenAt) =>
        Path.Combine(DayDirectory(DayOf(takenAt)), takenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + ".jpg");

    public string DayDirectory(DateOnly day) => Path.Combine(directory, DayName(day));

    /// <summary>The day's time-lapse, made once after the day ended.</summary>
    public TimelapseVideo DayVideo(DateOnly day) => new(day, null, Path.Combine(directory, DayName(day) + VideoExtension));

    /// <summary>A time-lapse of <paramref name="day"/> made on demand from its frames up to <paramref name="upTo"/>.</summary>
    public TimelapseVideo PartialVideo(DateOnly day, TimeOnly upTo) =>
        new(day, upTo, Path.Combine(directory, DayName(day) + PartialInfix + upTo.ToString(TimeFormat, CultureInfo.InvariantCulture) + VideoExtension));

    /// <summary>Where a video is encoded before it is renamed into place (hidden, so nothing takes it half-written).</summary>
    public static string EncodingPath(TimelapseVideo video) =>
        Path.Combine(Path.GetDirectoryName(video.Path)!, "." + Path.GetFileName(video.Path) + EncodingSuffix);

    public static string AnnouncedPath(TimelapseVideo video) => video.Path + AnnouncedSuffix;

    /// <summary>Files an encode that was cut short (a crash, a power cut) left behind.</summary>
    public IReadOnlyList<string> EncodingLeftovers() =>
        System.IO.Directory.Exists(directory) ? System.IO.Directory.GetFiles(directory, ".*" + EncodingSuffix) : [];

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
    public IReadOnlyList<DateOnly> FrameDays() =>
        (System.IO.Directory.Exists(directory) ? System.IO.Directory.GetDirectories(directory).Select(Path.GetFileName) : [])
            .Select(n => TryParseDay(n ?? string.Empty, out var day) ? day : (DateOnly?)null)
            .OfType<DateOnly>()
            .Order()
            .ToList();

    /// <summary>Every video made (the days' and those made on demand), oldest day first.</summary>
    public IReadOnlyList<TimelapseVideo> Videos() =>
        (System.IO.Directory.Exists(directory) ? System.IO.Directory.GetFiles(directory, "*" + VideoExtension) : [])
            .Select(ToVideo)
            .OfType<TimelapseVideo>()
            .OrderBy(v => v.Day)
            .ThenBy(v => v.UpTo ?? TimeOnly.MaxValue)
            .ToList();

    private TimelapseVideo? ToVideo(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (TryParseDay(name, out var day))
        {
            return DayVideo(day);
        }

        return name.Length == DayFormat.Length + PartialInfix.Length + TimeFormat.Length
            && name.AsSpan(DayFormat.Length).StartsWith(PartialInfix, StringComparison.Ordinal)
            && TryParseDay(name[..DayFormat.Length], out day)
            && TimeOnly.TryParseExact(name[^TimeFormat.Length..], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var upTo)
            ? PartialVideo(day, upTo)
            : null;
    }
}

/// <summary>
/// A time-lapse video of one UTC day: the day's (<see cref="UpTo"/> null, made after it ended) or one made on demand
/// from the frames up to <see cref="UpTo"/>. Its event id (<c>timelapse-</c> and its file's name) names its blob
/// (<see cref="BlobNames.Timelapse"/>), so the two never collide.
/// </summary>
internal sealed record TimelapseVideo(DateOnly Day, TimeOnly? UpTo, string Path)
{
    public string EventId => BlobNames.TimelapseEventPrefix + System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The day's midnight (UTC).</summary>
    public DateTimeOffset Start => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The next midnight for the day's video; the last frame's second for one made on demand.</summary>
    public DateTimeOffset End => UpTo is { } upTo ? new DateTimeOffset(Day.ToDateTime(upTo), TimeSpan.Zero) : Start.AddDays(1);
}

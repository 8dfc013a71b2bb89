using System.Globalization;

namespace EdgeCam.EventRouter.Rules;

/// <summary>
/// When a camera is armed on a schedule: weekly windows in local time, each written <c>"&lt;days&gt; HH:mm-HH:mm"</c>,
/// days being <c>daily</c>, a day (<c>mon</c>), a range (<c>mon-fri</c>, <c>fri-mon</c>) or a list (<c>sat,sun</c>). A
/// window whose end is not after its start runs past midnight into the next day (<c>"mon-fri 22:00-06:30"</c> covers
/// Friday night into Saturday morning); <c>24:00</c> is the end of the day. Local times are wall-clock times of the
/// rules' time zone, so across a DST change a window still opens and closes at the times written (and is an hour
/// shorter or longer that night).
/// </summary>
public sealed class WeeklySchedule
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly IReadOnlyList<Window> _windows;

    private WeeklySchedule(IReadOnlyList<Window> windows)
    {
        _windows = windows;
    }

    /// <summary>A schedule with no window: never active.</summary>
    public static WeeklySchedule Empty { get; } = new([]);

    /// <summary>The number of windows.</summary>
    public int Count => _windows.Count;

    /// <summary>Parses the windows; returns null and the first problem (naming the window) when one is invalid.</summary>
    public static (WeeklySchedule? Schedule, string? Problem) Parse(IEnumerable<string> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var parsed = new List<Window>();
        foreach (var text in windows)
        {
            var (window, problem) = ParseWindow(text);
            if (window is null)
            {
                return (null, $"window '{text}' {problem}");
            }

            parsed.Add(window);
        }

        return (new WeeklySchedule(parsed), null);
    }

    /// <summary>True when <paramref name="localTime"/> (wall clock of the rules' time zone) falls in a window.</summary>
    public bool IsActive(DateTime localTime)
    {
        var day = (int)localTime.DayOfWeek;
        var previous = (day + 6) % 7;
        var time = localTime.TimeOfDay;
        foreach (var w in _windows)
        {
            if (w.End > w.Start)
            {
                if (w.Days[day] && time >= w.Start && time < w.End)
                {
                    return true;
                }
            }
            else if ((w.Days[day] && time >= w.Start) || (w.Days[previous] && time < w.End))
            {
                return true;
            }
        }

        return false;
    }

    private static (Window? Window, string? Problem) ParseWindow(string text)
    {
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return (null, "must be '<days> HH:mm-HH:mm', e.g. 'mon-fri 22:00-06:30'");
        }

        var days = ParseDays(parts[0].ToLowerInvariant());
        if (days is null)
        {
            return (null, $"has days '{parts[0]}': use daily, mon..sun, a range (mon-fri) or a list (sat,sun)");
        }

        var times = parts[1].Split('-');
        if (times.Length != 2 || ParseTime(times[0]) is not { } start || ParseTime(times[1]) is not { } end || start == TimeSpan.FromHours(24))
        {
            return (null, $"has times '{parts[1]}': use HH:mm-HH:mm (00:00 to 24:00)");
        }

        return start == end
            ? (null, "is empty: its start equals its end")
            : (new Window(days, start, end), null);
    }

    private static bool[]? ParseDays(string text)
    {
        var days = new bool[7];
        if (text == "daily")
        {
            Array.Fill(days, true);
            return days;
        }

        foreach (var item in text.Split(','))
        {
            var range = item.Split('-');
            if (range.Length is < 1 or > 2)
            {
                return null;
            }

            var first = Array.IndexOf(DayNames, range[0]);
            var last = Array.IndexOf(DayNames, range[^1]);
            if (first < 0 || last < 0)
            {
                return null;
            }

            for (var d = first; ; d = (d + 1) % 7)
            {
                days[d] = true;
                if (d == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static TimeSpan? ParseTime(string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time) && text.Length == 5 ? time : null;
    }

    private sealed record Window(bool[] Days, TimeSpan Start, TimeSpan End);
}

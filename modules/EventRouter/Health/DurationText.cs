using System.Globalization;

namespace EdgeCam.EventRouter.Health;

/// <summary>How health alerts write a duration: seconds up to two minutes, then minutes, then hours past two hours.</summary>
public static class DurationText
{
    public static string Of(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(2))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s");
        }

        return span < TimeSpan.FromHours(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
    }
}

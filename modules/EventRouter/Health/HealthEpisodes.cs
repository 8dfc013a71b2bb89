using System.Globalization;
using EdgeCam.Contracts.Alerts;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// Deduplicates health alerts: per subject (a camera, a module) and <see cref="HealthCondition"/>, an episode starts
/// with one alert and ends with one recovery; raising a raised condition or recovering a clear one yields nothing.
/// Both carry the episode's start in their ids (<c>subject:kind:startUnixMs</c>) and share its event id, so a receiver
/// pairs a recovery with its alert and drops redeliveries. Not thread-safe: <see cref="HealthMonitor"/> serialises calls.
/// </summary>
public sealed class HealthEpisodes
{
    private readonly Dictionary<(string Subject, string Condition), DateTimeOffset> _open = [];

    /// <summary>True while an episode of <paramref name="condition"/> is open for <paramref name="subject"/>.</summary>
    public bool IsRaised(string subject, HealthCondition condition) => _open.ContainsKey((subject, condition.Name));

    /// <summary>The alert opening an episode, or null when one is already open.</summary>
    /// <param name="kind">The alert kind when it differs from <see cref="HealthCondition.AlertKind"/> (a tamper's kind).</param>
    public Alert? Raise(string subject, HealthCondition condition, DateTimeOffset at, string text, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!_open.TryAdd((subject, condition.Name), at))
        {
            return null;
        }

        return Compose(subject, condition, kind ?? condition.AlertKind, at, at, text);
    }

    /// <summary>The recovery closing the open episode, or null when none is open.</summary>
    public Alert? Recover(string subject, HealthCondition condition, DateTimeOffset at, Func<DateTimeOffset, string> text)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(text);
        if (!_open.Remove((subject, condition.Name), out var started))
        {
            return null;
        }

        return Compose(subject, condition, condition.RecoveredKind, started, at, text(started));
    }

    private static Alert Compose(string subject, HealthCondition condition, string kind, DateTimeOffset started, DateTimeOffset at, string text)
    {
        var ms = started.ToUnixTimeMilliseconds();
        return new Alert(
            AlertId: string.Create(CultureInfo.InvariantCulture, $"{subject}:{kind}:{ms}"),
            Kind: kind,
            CameraId: subject,
            EventId: string.Create(CultureInfo.InvariantCulture, $"{condition.Name}-{ms}"),
            Time: at,
            Score: 0,
            Text: text);
    }
}

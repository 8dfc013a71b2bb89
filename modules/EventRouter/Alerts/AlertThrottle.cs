namespace EdgeCam.EventRouter.Alerts;

/// <summary>
/// Decides whether an alert may go out: at most one alert per event id (a redelivered motion message does not alert
/// twice), and at most <see cref="EventRouterSettings.MaxAlertsPerMinute"/> per camera in any sliding minute, so a
/// flapping scene cannot flood a phone. Remembers a bounded number of event ids.
/// </summary>
public sealed class AlertThrottle
{
    private const int RememberedEvents = 1024;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentByCamera = new(StringComparer.Ordinal);
    private readonly HashSet<string> _alertedKeys = new(StringComparer.Ordinal);
    private readonly Queue<string> _alertedOrder = new();

    public AlertThrottle(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Records and allows the alert, or refuses it and says why.</summary>
    public ThrottleDecision TryAdmit(string cameraId, string alertKey, int maxAlertsPerMinute)
    {
        if (_alertedKeys.Contains(alertKey))
        {
            return ThrottleDecision.Duplicate;
        }

        var now = _time.GetUtcNow();
        if (!_recentByCamera.TryGetValue(cameraId, out var recent))
        {
            recent = new Queue<DateTimeOffset>();
            _recentByCamera[cameraId] = recent;
        }

        while (recent.Count > 0 && now - recent.Peek() >= Window)
        {
            recent.Dequeue();
        }

        if (recent.Count >= maxAlertsPerMinute)
        {
            return ThrottleDecision.RateLimited;
        }

        recent.Enqueue(now);
        Remember(alertKey);
        return ThrottleDecision.Admitted;
    }

    /// <summary>Allows a follow-up alert once per key (no rate limit: it follows an alert that passed it).</summary>
    public ThrottleDecision TryAdmitOnce(string alertKey)
    {
        if (_alertedKeys.Contains(alertKey))
        {
            return ThrottleDecision.Duplicate;
        }

        Remember(alertKey);
        return ThrottleDecision.Admitted;
    }

    private void Remember(string alertKey)
    {
        _alertedKeys.Add(alertKey);
        _alertedOrder.Enqueue(alertKey);
        if (_alertedOrder.Count > RememberedEvents)
        {
            _alertedKeys.Remove(_alertedOrder.Dequeue());
        }
    }
}

/// <summary>The outcome of <see cref="AlertThrottle.TryAdmit"/>.</summary>
public enum ThrottleDecision
{
    Admitted,
    Duplicate,
    RateLimited,
}

using System.Globalization;

namespace EdgeCam.Agent.Systemd;

/// <summary>
/// How often to ping systemd's watchdog: half of <c>WATCHDOG_USEC</c> (the unit's <c>WatchdogSec</c>), as sd_notify
/// recommends, so one late ping is not yet a miss. <c>WATCHDOG_PID</c>, when set, must be this process: the variables
/// were meant for it and not inherited from a parent.
/// </summary>
public static class WatchdogInterval
{
    /// <summary>The watchdog period in microseconds.</summary>
    public const string PeriodVariable = "WATCHDOG_USEC";

    /// <summary>The process the watchdog watches.</summary>
    public const string PidVariable = "WATCHDOG_PID";

    /// <summary>The ping interval; null when no watchdog is asked of this process.</summary>
    /// <exception cref="FormatException">A variable is set but is not a positive whole number.</exception>
    public static TimeSpan? FromEnvironment(Func<string, string?> environment, int processId)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(PeriodVariable) is not { Length: > 0 } period)
        {
            return null;
        }

        if (!long.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds <= 0)
        {
            throw new FormatException($"{PeriodVariable} must be a positive number of microseconds, got '{period}'");
        }

        if (environment(PidVariable) is { Length: > 0 } pid)
        {
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watched) || watched <= 0)
            {
                throw new FormatException($"{PidVariable} must be a process id, got '{pid}'");
            }

            if (watched != processId)
            {
                return null;
            }
        }

        return TimeSpan.FromMicroseconds(microseconds / 2.0);
    }
}

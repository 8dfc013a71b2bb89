using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Systemd;

/// <summary>
/// Pings systemd's watchdog (<c>WATCHDOG=1</c>) every interval while <paramref name="whyUnhealthy"/> says healthy
/// (null), and stops pinging while it names a problem, so systemd kills and restarts an agent that hangs or lost a
/// module. Logs once per change of state, never per ping.
/// </summary>
public sealed partial class WatchdogKeepAlive(SystemdNotifier notifier, TimeSpan interval, Func<string?> whyUnhealthy, TimeProvider time, ILogger logger)
{
    private string? _problem;
    private bool _sendFailing;

    /// <summary>Pings until <paramref name="cancellationToken"/> fires; the first check is at once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogPinging(interval.TotalSeconds, notifier.Address);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                PingIfHealthy();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent stops: systemd was told STOPPING=1.
        }
    }

    private void PingIfHealthy()
    {
        var problem = whyUnhealthy();
        if (problem is not null)
        {
            if (problem != _problem)
            {
                LogUnhealthy(problem);
            }

            _problem = problem;
            return;
        }

        if (_problem is not null)
        {
            LogHealthyAgain(_problem);
            _problem = null;
        }

        try
        {
            notifier.Notify("WATCHDOG=1");
            _sendFailing = false;
        }
        catch (SocketException ex)
        {
            if (!_sendFailing)
            {
                LogSendFailed(notifier.Address, ex.Message);
            }

            _sendFailing = true;
        }
    }

    [LoggerMessage(580, LogLevel.Information, "systemd watchdog: pinging every {Seconds:F1} s on {Address} while the pipeline is healthy")]
    private partial void LogPinging(double seconds, string address);

    [LoggerMessage(581, LogLevel.Error, "systemd watchdog: not pinging, {Problem}; systemd restarts the agent when its WatchdogSec runs out")]
    private partial void LogUnhealthy(string problem);

    [LoggerMessage(582, LogLevel.Information, "systemd watchdog: pinging again ({Problem} is over)")]
    private partial void LogHealthyAgain(string problem);

    [LoggerMessage(583, LogLevel.Warning, "systemd watchdog: cannot send to {Address}: {Reason}")]
    private partial void LogSendFailed(string address, string reason);
}

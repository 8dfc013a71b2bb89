using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Systemd;

/// <summary>
/// The agent's side of <c>Type=notify</c> and <c>WatchdogSec</c> in edgecam-agent.service: <c>READY=1</c> once the
/// modules run, <c>WATCHDOG=1</c> at half the watchdog period while the pipeline is healthy (<see cref="WatchdogKeepAlive"/>),
/// <c>STOPPING=1</c> when it stops. Outside systemd (no <c>NOTIFY_SOCKET</c>) every call does nothing.
/// </summary>
public sealed partial class SystemdSupervision : IAsyncDisposable
{
    private readonly SystemdNotifier? _notifier;
    private readonly TimeSpan? _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _keepAlive = Task.CompletedTask;
    private bool _stopped;

    private SystemdSupervision(SystemdNotifier? notifier, TimeSpan? interval, TimeProvider time, ILogger logger)
    {
        _notifier = notifier;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>From <c>NOTIFY_SOCKET</c>, <c>WATCHDOG_USEC</c> and <c>WATCHDOG_PID</c> of this process.</summary>
    public static SystemdSupervision FromEnvironment(TimeProvider time, ILogger logger) =>
        FromEnvironment(Environment.GetEnvironmentVariable, Environment.ProcessId, time, logger);

    /// <summary>From the given environment (tests).</summary>
    public static SystemdSupervision FromEnvironment(Func<string, string?> environment, int processId, TimeProvider time, ILogger logger)
    {
        var notifier = SystemdNotifier.FromEnvironment(environment);
        TimeSpan? interval = null;
        if (notifier is not null)
        {
            try
            {
                interval = WatchdogInterval.FromEnvironment(environment, processId);
            }
            catch (FormatException ex)
            {
                LogBadWatchdog(logger, ex.Message);
            }
        }

        return new SystemdSupervision(notifier, interval, time, logger);
    }

    /// <summary>Says <c>READY=1</c> and starts pinging the watchdog (when systemd asked for one) while <paramref name="whyUnhealthy"/> returns null.</summary>
    public void Ready(Func<string?> whyUnhealthy)
    {
        ArgumentNullException.ThrowIfNull(whyUnhealthy);
        if (_notifier is null)
        {
            return;
        }

        Send("READY=1");
        if (_interval is { } interval)
        {
            _keepAlive = new WatchdogKeepAlive(_notifier, interval, whyUnhealthy, _time, _logger).RunAsync(_stopping.Token);
        }
    }

    /// <summary>Says <c>STOPPING=1</c> and stops the pings (once).</summary>
    public async Task StoppingAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (_notifier is not null)
        {
            Send("STOPPING=1");
        }

        await _stopping.CancelAsync();
        await _keepAlive;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StoppingAsync();
        _stopping.Dispose();
        _notifier?.Dispose();
    }

    private void Send(string state)
    {
        try
        {
            _notifier!.Notify(state);
        }
        catch (SocketException ex)
        {
            LogSendFailed(_notifier!.Address, state, ex.Message);
        }
    }

    [LoggerMessage(584, LogLevel.Error, "systemd watchdog off: {Reason}")]
    private static partial void LogBadWatchdog(ILogger logger, string reason);

    [LoggerMessage(585, LogLevel.Warning, "systemd: cannot send {State} to {Address}: {Reason}")]
    private partial void LogSendFailed(string address, string state, string reason);
}

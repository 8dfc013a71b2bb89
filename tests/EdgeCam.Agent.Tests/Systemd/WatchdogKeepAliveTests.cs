using EdgeCam.Agent.Systemd;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.Agent.Tests.Systemd;

[Trait("Category", "Unit")]
public sealed class WatchdogKeepAliveTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RunAsync_HealthyThenUnhealthyThenHealthy_PingsOnlyWhileHealthy()
    {
        using var temp = new TempDirectory("sdkeepalive");
        using var socket = new NotifySocket(temp.Combine("notify.sock"));
        using var notifier = new SystemdNotifier(socket.Address);
        var clock = new ManualTimeProvider();
        string? problem = null;
        var checks = 0;
        using var stop = new CancellationTokenSource();
        var run = new WatchdogKeepAlive(notifier, Interval, () => { Interlocked.Increment(ref checks); return problem; }, clock, NullLogger.Instance).RunAsync(stop.Token);

        var first = await socket.ReceiveAsync(TimeSpan.FromSeconds(5));
        problem = "module EventRouter is not running (faulted)";
        await TickAsync(clock, () => Volatile.Read(ref checks));
        var whileUnhealthy = await socket.ReceiveAsync(TimeSpan.FromMilliseconds(500));
        problem = null;
        await TickAsync(clock, () => Volatile.Read(ref checks));
        var again = await socket.ReceiveAsync(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("WATCHDOG=1", first);
        Assert.Null(whileUnhealthy);
        Assert.Equal("WATCHDOG=1", again);
    }

    [Fact]
    public async Task RunAsync_NobodyListens_KeepsRunningUntilCancelled()
    {
        using var temp = new TempDirectory("sdkeepalive");
        using var notifier = new SystemdNotifier(temp.Combine("gone.sock"));
        var clock = new ManualTimeProvider();
        var checks = 0;
        using var stop = new CancellationTokenSource();
        var run = new WatchdogKeepAlive(notifier, Interval, () => { Interlocked.Increment(ref checks); return null; }, clock, NullLogger.Instance).RunAsync(stop.Token);

        await TickAsync(clock, () => Volatile.Read(ref checks));
        var runningAfterFailedSends = !run.IsCompleted;
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(runningAfterFailedSends);
        Assert.True(run.IsCompletedSuccessfully);
    }

    // Advances the manual clock by one interval once the loop waits on its timer, then waits (bounded) until the loop
    // checked the health for that tick.
    private static async Task TickAsync(ManualTimeProvider clock, Func<int> checks)
    {
        for (var i = 0; i < 250 && !clock.HasPendingTimer(Interval); i++)
        {
            await Task.Delay(20);
        }

        var before = checks();
        clock.Advance(Interval);
        for (var i = 0; i < 250 && checks() == before; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(checks() > before, "the keep-alive did not check the health within 5 s of a tick");
    }
}

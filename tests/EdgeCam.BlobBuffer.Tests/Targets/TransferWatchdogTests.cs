using EdgeCam.BlobBuffer.Targets;
using EdgeCam.Testing;

namespace EdgeCam.BlobBuffer.Tests.Targets;

[Trait("Category", "Unit")]
public sealed class TransferWatchdogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Token_BytesKeepComing_NeverCancelled()
    {
        var time = new ManualTimeProvider();
        using var watchdog = new TransferWatchdog(Timeout, time, CancellationToken.None);
        watchdog.Starting("Stage Block");

        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            watchdog.Report(i * 1000L);
        }

        Assert.False(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.IsStalled);
    }

    [Fact]
    public void Token_NoProgressForTheTimeout_CancelledWithinAQuarterMoreAndNamesTheOperation()
    {
        var time = new ManualTimeProvider();
        using var watchdog = new TransferWatchdog(Timeout, time, CancellationToken.None);
        watchdog.Starting("Commit Block List");

        time.Advance(TimeSpan.FromSeconds(29));
        var before = watchdog.Token.IsCancellationRequested;
        time.Advance(TimeSpan.FromSeconds(8));

        Assert.False(before);
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.True(watchdog.IsStalled);
        Assert.Equal("Commit Block List", watchdog.Operation);
    }

    [Fact]
    public void Token_NoTimeout_WatchesNothingButFollowsTheCaller()
    {
        var time = new ManualTimeProvider();
        using var caller = new CancellationTokenSource();
        using var watchdog = new TransferWatchdog(null, time, caller.Token);

        time.Advance(TimeSpan.FromHours(1));
        var afterAnHour = watchdog.Token.IsCancellationRequested;
        caller.Cancel();

        Assert.False(afterAnHour);
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.IsStalled);
    }
}

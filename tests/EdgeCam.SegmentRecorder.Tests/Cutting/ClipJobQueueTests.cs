using EdgeCam.Contracts.Motion;
using EdgeCam.SegmentRecorder.Cutting;

namespace EdgeCam.SegmentRecorder.Tests.Cutting;

public sealed class ClipJobQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_StopWithJobsQueued_CutsThemAndReturnsNothingLeft()
    {
        var queue = new ClipJobQueue(8, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var cut = new List<string>();
        await queue.TryQueueAsync(Ended("evt-1"), CancellationToken.None);
        await queue.TryQueueAsync(Ended("evt-2"), CancellationToken.None);
        await stop.CancelAsync();

        var notCut = await queue.RunAsync(Record(cut), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), () => { }, stop.Token).WaitAsync(Patience);

        Assert.Equal(["evt-1", "evt-2"], cut);
        Assert.Empty(notCut);
    }

    [Fact]
    public async Task RunAsync_EventArrivesWithinInputGrace_IsCut()
    {
        var queue = new ClipJobQueue(8, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var cut = new List<string>();
        var run = queue.RunAsync(Record(cut), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), () => { }, stop.Token);
        await stop.CancelAsync();

        Assert.True(await queue.TryQueueAsync(Ended("evt-late"), CancellationToken.None));
        Assert.Empty(await run.WaitAsync(Patience));
        Assert.Equal(["evt-late"], cut);
        Assert.False(await queue.TryQueueAsync(Ended("evt-after"), CancellationToken.None), "after the grace the queue takes no more events");
    }

    [Fact]
    public async Task RunAsync_CutOutlastsDrainTimeout_ReturnsTheEventInProgressThenTheQueuedOnes()
    {
        var queue = new ClipJobQueue(8, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var stopped = 0;
        await queue.TryQueueAsync(Ended("evt-1"), CancellationToken.None);
        await queue.TryQueueAsync(Ended("evt-2"), CancellationToken.None);
        var run = queue.RunAsync((_, ct) => Task.Delay(Timeout.Infinite, ct), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), () => stopped++, stop.Token);
        await stop.CancelAsync();

        var notCut = await run.WaitAsync(Patience);

        Assert.Equal(["evt-1", "evt-2"], notCut.Select(m => m.EventId));
        Assert.Equal(1, stopped);
    }

    [Fact]
    public async Task RunAsync_RestoredJobs_AreCutBeforeTheQueuedOnes()
    {
        var queue = new ClipJobQueue(8, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var cut = new List<string>();
        await queue.TryQueueAsync(Ended("evt-new"), CancellationToken.None);
        queue.Restore([Ended("evt-old-1"), Ended("evt-old-2")]);
        await stop.CancelAsync();

        var notCut = await queue.RunAsync(Record(cut), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), () => { }, stop.Token).WaitAsync(Patience);

        Assert.Equal(["evt-old-1", "evt-old-2", "evt-new"], cut);
        Assert.Empty(notCut);
    }

    [Fact]
    public async Task RunAsync_NoDrainTime_CutsNothingAndReturnsRestoredAndQueuedJobs()
    {
        var queue = new ClipJobQueue(8, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var cut = new List<string>();
        queue.Restore([Ended("evt-old")]);
        await queue.TryQueueAsync(Ended("evt-new"), CancellationToken.None);
        await stop.CancelAsync();

        var notCut = await queue.RunAsync(Record(cut), TimeSpan.FromMilliseconds(100), TimeSpan.Zero, () => { }, stop.Token).WaitAsync(Patience);

        Assert.Empty(cut);
        Assert.Equal(["evt-old", "evt-new"], notCut.Select(j => j.EventId));
    }

    private static Func<ClipJob, CancellationToken, Task> Record(List<string> cut) => (job, _) =>
    {
        cut.Add(job.EventId);
        return Task.CompletedTask;
    };

    private static ClipJob Ended(string eventId) =>
        new(new MotionEnded("cam1", eventId, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(4), 0.4, 40), 5, 5, 120);
}

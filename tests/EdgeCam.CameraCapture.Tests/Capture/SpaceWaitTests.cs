using EdgeCam.CameraCapture.Capture;
using EdgeCam.Edge.Volumes;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Capture;

[Trait("Category", "Unit")]
public sealed class SpaceWaitTests
{
    [Fact]
    public async Task WaitAsync_SpaceComesBackAtTheFourthRead_CompletesThenAfterThreePollIntervals()
    {
        var clock = new ManualTimeProvider();
        var started = clock.GetUtcNow();
        var free = new Queue<long>([1000, 2000, 4000, 9000]);
        var reads = 0;
        var wait = new SpaceWait(() => { Interlocked.Increment(ref reads); return free.Count > 1 ? free.Dequeue() : free.Peek(); }, clock, resumeFreeBytes: 8000, pollInterval: TimeSpan.FromSeconds(2));

        var waiting = wait.WaitAsync(CancellationToken.None);
        var completedAtOnce = waiting.IsCompleted;
        for (var step = 0; step < 400 && !waiting.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(completedAtOnce);
        Assert.Equal(4, reads);
        Assert.True(clock.GetUtcNow() - started >= TimeSpan.FromSeconds(6), $"completed after {(clock.GetUtcNow() - started).TotalSeconds} s of clock time");
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsInsteadOfWaitingForever()
    {
        var wait = new SpaceWait(() => 0, new ManualTimeProvider(), resumeFreeBytes: 8000);
        using var cancel = new CancellationTokenSource();

        var waiting = wait.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(7999L, true)]
    [InlineData(8000L, false)]
    [InlineData(null, false)]
    public void IsLow_FreeBytes_BelowTheResumeThresholdOnly(long? free, bool expected)
    {
        var wait = new SpaceWait(() => free, TimeProvider.System, resumeFreeBytes: 8000);

        Assert.Equal(expected, wait.IsLow());
    }

    [Fact]
    public void ForVolume_RealDirectory_ReadsItsFreeSpaceThroughTheSharedReader()
    {
        using var dir = new TempDirectory();
        var expected = new VolumeSpaceReader(dir.Path).Read()!.FreeBytes;

        var free = SpaceWait.ForVolume(dir.Path, TimeProvider.System).FreeBytes();

        Assert.NotNull(free);
        Assert.InRange(free.Value, expected - (64L * 1024 * 1024), expected + (64L * 1024 * 1024));
    }

    [Fact]
    public void For_UnreadableVolume_NotLow()
    {
        var wait = SpaceWait.For(new VolumeSpaceReader("/nonexistent/edgecam-volume"), TimeProvider.System);

        Assert.Null(wait.FreeBytes());
        Assert.False(wait.IsLow());
    }
}

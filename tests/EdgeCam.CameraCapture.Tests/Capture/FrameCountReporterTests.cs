using System.Collections.Concurrent;
using EdgeCam.CameraCapture.Capture;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Capture;

public sealed class FrameCountReporterTests
{
    [Fact]
    public async Task RunAsync_Running_SendsTheCountersEveryInterval()
    {
        var time = new ManualTimeProvider();
        var counters = new FrameCounters();
        var sent = new ConcurrentQueue<ModuleMessage>();
        using var stop = new CancellationTokenSource();
        counters.ProcessStarted(() => 2);
        Count(counters, 3);
        var reporting = new FrameCountReporter(counters, () => "cam1", time).RunAsync((m, _) => { sent.Enqueue(m); return ValueTask.CompletedTask; }, stop.Token);
        await Eventually.TrueAsync(() => time.HasPendingTimer(FrameCountReporter.Interval), "the reporter waits for its first tick");

        time.Advance(FrameCountReporter.Interval);
        await Eventually.TrueAsync(() => sent.Count == 1, "the first counters are sent");
        Count(counters, 4);
        time.Advance(FrameCountReporter.Interval);
        await Eventually.TrueAsync(() => sent.Count == 2, "the second counters are sent");

        var counts = sent.Select(m => (m.MessageType(), m.Read(ContractsJsonContext.Default.CameraFrameCounts))).ToList();
        Assert.All(counts, c => Assert.Equal(MessageTypes.CameraFrameCounts, c.Item1));
        Assert.Equal([(3L, 2L), (7L, 2L)], counts.Select(c => (c.Item2.FramesAnalysed, c.Item2.FramesDropped)));
        Assert.Equal(time.GetUtcNow(), counts[1].Item2.Time);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reporting);
    }

    [Fact]
    public async Task RunAsync_NotRunning_SendsNothingAtThatTick()
    {
        var time = new ManualTimeProvider();
        var sent = new ConcurrentQueue<ModuleMessage>();
        var asked = 0;
        var running = false;
        using var stop = new CancellationTokenSource();
        var reporting = new FrameCountReporter(new FrameCounters(), () => { Interlocked.Increment(ref asked); return running ? "cam1" : null; }, time)
            .RunAsync((m, _) => { sent.Enqueue(m); return ValueTask.CompletedTask; }, stop.Token);
        await Eventually.TrueAsync(() => time.HasPendingTimer(FrameCountReporter.Interval), "the reporter waits for its first tick");

        time.Advance(FrameCountReporter.Interval);
        await Eventually.TrueAsync(() => Volatile.Read(ref asked) == 1, "the first tick asked whether capture runs");
        running = true;
        time.Advance(FrameCountReporter.Interval);
        await Eventually.TrueAsync(() => !sent.IsEmpty, "the second tick sent the counters");

        var only = Assert.Single(sent).Read(ContractsJsonContext.Default.CameraFrameCounts);
        Assert.Equal(time.GetUtcNow(), only.Time);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reporting);
    }

    private static void Count(FrameCounters counters, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            counters.FrameAnalysed();
        }
    }
}

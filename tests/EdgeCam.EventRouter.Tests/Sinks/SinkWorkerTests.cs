using EdgeCam.Contracts.Alerts;
using EdgeCam.EventRouter.Sinks;
using EdgeCam.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.EventRouter.Tests.Sinks;

public sealed class SinkWorkerTests
{
    [Fact]
    public async Task Offer_MoreThanCapacityWhileTheSinkIsStuck_DropsTheOldestAndDeliversTheRestInOrder()
    {
        var sink = new GatedSink();
        var worker = new SinkWorker(sink, TimeProvider.System, NullLogger<SinkWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);

        worker.Offer(Alert(0));
        await Eventually.TrueAsync(() => sink.Attempts == 1, "the worker holds alert 0 in the stuck sink");
        for (var i = 1; i <= SinkWorker.Capacity + 10; i++)
        {
            worker.Offer(Alert(i)); // never waits, though the sink is stuck
        }

        Assert.Equal(SinkWorker.Capacity, worker.Pending);
        sink.Open.SetResult();
        await Eventually.TrueAsync(() => worker.Delivered == SinkWorker.Capacity + 1, "the queue drained");

        Assert.Equal([0, .. Enumerable.Range(11, SinkWorker.Capacity)], sink.Delivered.Select(a => int.Parse(a.EventId, System.Globalization.CultureInfo.InvariantCulture)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task Deliver_SinkFailsTwice_RetriesTheSameAlertUntilItIsTaken()
    {
        var sink = new GatedSink { FailuresLeft = 2 };
        sink.Open.SetResult();
        var worker = new SinkWorker(sink, TimeProvider.System, NullLogger<SinkWorker>.Instance);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);

        worker.Offer(Alert(1));
        worker.Offer(Alert(2));
        await Eventually.TrueAsync(() => worker.Delivered == 2, "both delivered");

        Assert.Equal(4, sink.Attempts);
        Assert.Equal(["1", "2"], sink.Delivered.Select(a => a.EventId));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private static Alert Alert(int i) => new($"cam1:{i}:motion", "motion", "cam1", i.ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UnixEpoch, 0.1, "motion");

    private sealed class GatedSink : IAlertSink
    {
        private readonly List<Alert> _delivered = [];
        private int _attempts;

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int FailuresLeft { get; set; }

        public int Attempts => Volatile.Read(ref _attempts);

        public IReadOnlyList<Alert> Delivered
        {
            get
            {
                lock (_delivered)
                {
                    return [.. _delivered];
                }
            }
        }

        public string Name => "gated";

        public bool IsEnabled => true;

        public TimeSpan RetryMinimum => TimeSpan.FromMilliseconds(10);

        public TimeSpan RetryMaximum => TimeSpan.FromMilliseconds(20);

        public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Open.Task.WaitAsync(cancellationToken);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("refused");
            }

            lock (_delivered)
            {
                _delivered.Add(alert);
            }
        }
    }
}

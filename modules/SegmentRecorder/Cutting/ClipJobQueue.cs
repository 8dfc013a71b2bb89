using System.Threading.Channels;
using EdgeCam.Contracts.Motion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>
/// Ended events waiting for their clip, and the loop that cuts them. Until the stop request it cuts each event as it
/// comes. From the stop request on it cuts what is queued, still takes events for an input grace (a motionEnded the
/// camera published as it stopped may be on its way), and gives up when the drain timeout passes.
/// </summary>
public sealed partial class ClipJobQueue
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<MotionEnded> _jobs;

    /// <param name="capacity">Events the queue holds; a writer waits when it is full (events are never dropped).</param>
    public ClipJobQueue(int capacity, TimeProvider time, ILogger<ClipJobQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _jobs = Channel.CreateBounded<MotionEnded>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Events queued and not yet taken.</summary>
    public int Count => _jobs.Reader.Count;

    /// <summary>Queues an ended event; waits while the queue is full. False when the queue no longer takes events (stopped).</summary>
    public async ValueTask<bool> TryQueueAsync(MotionEnded ended, CancellationToken cancellationToken)
    {
        try
        {
            await _jobs.Writer.WriteAsync(ended, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Takes no more events.</summary>
    public void Close() => _jobs.Writer.TryComplete();

    /// <summary>
    /// Hands each event to <paramref name="cut"/> until the stop request (<paramref name="cancellationToken"/>), then
    /// drains as described on the class. <paramref name="onStop"/> runs once at the stop request.
    /// </summary>
    /// <returns>
    /// The events whose clips were not cut (logged once with their ids): the one being cut when the drain timeout
    /// passed, then the queued ones.
    /// </returns>
    public async Task<IReadOnlyList<MotionEnded>> RunAsync(
        Func<MotionEnded, CancellationToken, Task> cut, TimeSpan inputGrace, TimeSpan drainTimeout, Action onStop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(onStop);
        using var drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var inputOpen = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var closeInput = inputOpen.Token.Register(Close);
        using var stopping = cancellationToken.Register(() =>
        {
            LogStopping(Count, drainTimeout.TotalSeconds);
            onStop();
            inputOpen.CancelAfter(inputGrace);
            drain.CancelAfter(drainTimeout);
        });
        MotionEnded? current = null;
        try
        {
            await foreach (var motion in _jobs.Reader.ReadAllAsync(drain.Token))
            {
                current = motion;
                await cut(motion, drain.Token);
                current = null;
            }

            return [];
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            Close();
            var notCut = new List<MotionEnded>();
            if (current is not null)
            {
                notCut.Add(current);
            }

            while (_jobs.Reader.TryRead(out var queued))
            {
                notCut.Add(queued);
            }

            if (notCut.Count > 0)
            {
                LogNotCut(notCut.Count, drainTimeout.TotalSeconds, string.Join(", ", notCut.Select(m => m.EventId)));
            }

            return notCut;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "SegmentRecorder stopping: {Queued} clip job(s) queued, cut with the footage there is within {Seconds} s")]
    private partial void LogStopping(int queued, double seconds);

    [LoggerMessage(2, LogLevel.Error, "SegmentRecorder stopped without cutting the clips of {Count} event(s) within {Seconds} s: {EventIds}")]
    private partial void LogNotCut(int count, double seconds, string eventIds);
}

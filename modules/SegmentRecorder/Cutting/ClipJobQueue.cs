using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>
/// Ended events waiting for their clip, and the loop that cuts them. Until the stop request it cuts each event as it
/// comes. From the stop request on it cuts what is queued, still takes events for an input grace (a motionEnded the
/// camera published as it stopped may be on its way), and gives up when the drain timeout passes. Jobs restored from
/// the journal at start (<see cref="Restore"/>) are cut first.
/// </summary>
public sealed partial class ClipJobQueue
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<ClipJob> _jobs;
    private readonly ConcurrentQueue<ClipJob> _restored = new();

    /// <param name="capacity">Events the queue holds; a writer waits when it is full (events are never dropped).</param>
    public ClipJobQueue(int capacity, TimeProvider time, ILogger<ClipJobQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _jobs = Channel.CreateBounded<ClipJob>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Jobs queued and not yet taken.</summary>
    public int Count => _jobs.Reader.Count + _restored.Count;

    /// <summary>Queues jobs restored from the journal, to be cut before any new one; call before <see cref="RunAsync"/>.</summary>
    public void Restore(IEnumerable<ClipJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            _restored.Enqueue(job);
        }
    }

    /// <summary>Queues an ended event's job; waits while the queue is full. False when the queue no longer takes jobs (stopped).</summary>
    public async ValueTask<bool> TryQueueAsync(ClipJob job, CancellationToken cancellationToken)
    {
        try
        {
            await _jobs.Writer.WriteAsync(job, cancellationToken);
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
    /// Hands each job to <paramref name="cut"/> (the restored ones first) until the stop request
    /// (<paramref name="cancellationToken"/>), then drains as described on the class. <paramref name="onStop"/> runs
    /// once at the stop request.
    /// </summary>
    /// <returns>
    /// The jobs not finished (logged once with their ids; they stay in the journal): the one being cut when the drain
    /// timeout passed, then the queued ones.
    /// </returns>
    public async Task<IReadOnlyList<ClipJob>> RunAsync(
        Func<ClipJob, CancellationToken, Task> cut, TimeSpan inputGrace, TimeSpan drainTimeout, Action onStop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(onStop);
        using var drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var inputOpen = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var closeInput = inputOpen.Token.Register(Close);
        using var stopping = cancellationToken.Register(() =>
        {
            LogStopping(Count, drainTimeout.TotalSeconds);
            // First, and at once when there is no drain time (a timer would fire later): then no cut starts at all.
            if (drainTimeout <= TimeSpan.Zero)
            {
                drain.Cancel();
            }
            else
            {
                drain.CancelAfter(drainTimeout);
            }

            onStop();
            inputOpen.CancelAfter(inputGrace);
        });
        ClipJob? current = null;
        try
        {
            while (_restored.TryPeek(out var restored))
            {
                current = restored;
                drain.Token.ThrowIfCancellationRequested();
                await cut(restored, drain.Token);
                _restored.TryDequeue(out _);
                current = null;
            }

            await foreach (var job in _jobs.Reader.ReadAllAsync(drain.Token))
            {
                current = job;
                drain.Token.ThrowIfCancellationRequested();
                await cut(job, drain.Token);
                current = null;
            }

            return [];
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            Close();
            var notCut = new List<ClipJob>();
            if (current is not null)
            {
                notCut.Add(current);
            }

            while (_restored.TryDequeue(out var restored))
            {
                if (!ReferenceEquals(restored, current))
                {
                    notCut.Add(restored);
                }
            }

            while (_jobs.Reader.TryRead(out var queued))
            {
                notCut.Add(queued);
            }

            if (notCut.Count > 0)
            {
                LogNotCut(notCut.Count, drainTimeout.TotalSeconds, string.Join(", ", notCut.Select(j => j.EventId)));
            }

            return notCut;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "SegmentRecorder stopping: {Queued} clip job(s) queued, cut with the footage there is within {Seconds} s")]
    private partial void LogStopping(int queued, double seconds);

    [LoggerMessage(2, LogLevel.Warning, "SegmentRecorder stopped without finishing the clips of {Count} event(s) within {Seconds} s; they stay journaled and are finished after the restart: {EventIds}")]
    private partial void LogNotCut(int count, double seconds, string eventIds);
}

using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Outbox;

/// <summary>
/// Upstream messages on disk before the sender hears "accepted": append-only segment files with a checksum per record,
/// flushed to disk (fsync) on every enqueue, and a committed offset (<c>ack</c>) moved forward as IoT Hub acknowledges.
/// <list type="bullet">
/// <item>At least once, in order: <see cref="PeekAsync"/> hands out the oldest unacknowledged message until
/// <see cref="AcknowledgeAsync"/>; after a crash everything after the committed offset is sent again with the same
/// <c>$.mid</c> (stamped on enqueue), so a duplicate is always recognisable.</item>
/// <item>Bounded: see <see cref="OutboxOptions"/> (drop oldest, counted).</item>
/// <item>Crash-safe: a record torn by a kill or power loss (only the last one can be) is cut off on open, with one warning.</item>
/// </list>
/// One process owns the directory at a time.
/// </summary>
public sealed partial class Outbox : IAsyncDisposable
{
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LinkedList<StoredRecord> _pending = new();
    private readonly Dictionary<long, long> _segmentLastSequence = [];
    private TaskCompletionSource _changed = NewSignal();
    private FileStream? _segment;
    private long _segmentId;
    private long _acked;
    private long _nextSequence;
    private long _bytes;
    private long _dropped;
    private bool _dropping;

    private Outbox(OutboxOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Messages waiting to be acknowledged.</summary>
    public int Count
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Bytes on disk held by waiting messages (framing included).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Messages dropped because the outbox was full, since it was opened.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Raised with true when the outbox starts dropping (full) and with false when it is below half its limit again:
    /// once per change, never per message (OutboxHealthReporter turns it into EventRouter's outbox alert). Handlers must not block.
    /// </summary>
    public event EventHandler<bool>? DroppingChanged;

    /// <summary>Opens (or creates) the outbox in <see cref="OutboxOptions.Directory"/>, recovering what a previous run left.</summary>
    /// <exception cref="InvalidDataException">The ack file is unreadable.</exception>
    public static Outbox Open(OutboxOptions options, ILogger<Outbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        Directory.CreateDirectory(options.Directory);
        var outbox = new Outbox(options, logger);
        outbox.Recover();
        return outbox;
    }

    /// <summary>Stores <paramref name="message"/> durably; returns its <c>$.mid</c> (the message's own, or a new one).</summary>
    public async Task<string> EnqueueAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromModuleId);
        ArgumentNullException.ThrowIfNull(message);
        var stamped = message.MessageId is null ? message with { MessageId = Guid.NewGuid().ToString() } : message;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            long sequence = _nextSequence;
            var frame = OutboxRecord.Encode(sequence, fromModuleId, stamped);
            if (frame.Length > _options.MaxBytes)
            {
                throw new ArgumentException($"a {frame.Length}-byte message does not fit an outbox of {_options.MaxBytes} bytes", nameof(message));
            }

            await MakeRoomAsync(frame.Length, cancellationToken);
            var segment = await SegmentForAsync(frame.Length, cancellationToken);
            long offset = segment.Position;
            await segment.WriteAsync(frame, cancellationToken);
            segment.Flush(flushToDisk: true);
            _nextSequence++;
            _segmentLastSequence[_segmentId] = sequence;
            lock (_pending)
            {
                _pending.AddLast(new StoredRecord(sequence, _segmentId, offset, frame.Length));
            }

            Interlocked.Add(ref _bytes, frame.Length);
            Signal();
            return stamped.MessageId!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The oldest unacknowledged message, waiting for one if there is none.</summary>
    public async Task<OutboxEntry> PeekAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            StoredRecord? head;
            lock (_pending)
            {
                head = _pending.First?.Value;
                changed = _changed.Task;
            }

            if (head is not null)
            {
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    if (head.Sequence > _acked)
                    {
                        return await OutboxSegments.ReadAsync(_options.Directory, head, cancellationToken);
                    }
                }
                finally
                {
                    _gate.Release();
                }

                continue;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Commits everything up to <paramref name="sequence"/>: it will not be handed out again, even after a restart.</summary>
    public async Task AcknowledgeAsync(long sequence, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (sequence <= _acked)
            {
                return;
            }

            await CommitAsync(sequence, cancellationToken);
            if (_dropping && Count < _options.MaxCount / 2)
            {
                _dropping = false;
                LogNoLongerFull(_logger, Count, DroppedCount);
                DroppingChanged?.Invoke(this, false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_segment is not null)
            {
                await _segment.DisposeAsync();
                _segment = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MakeRoomAsync(int frameLength, CancellationToken cancellationToken)
    {
        long drop = 0;
        int dropped = 0;
        lock (_pending)
        {
            long bytes = Bytes;
            for (var node = _pending.First; node is not null && (_pending.Count - dropped + 1 > _options.MaxCount || bytes + frameLength > _options.MaxBytes); node = node.Next)
            {
                drop = node.Value.Sequence;
                bytes -= node.Value.FrameLength;
                dropped++;
            }
        }

        if (dropped == 0)
        {
            return;
        }

        Interlocked.Add(ref _dropped, dropped);
        if (!_dropping)
        {
            _dropping = true;
            LogFull(_logger, _options.MaxCount, _options.MaxBytes, _options.Directory);
            DroppingChanged?.Invoke(this, true);
        }

        await CommitAsync(drop, cancellationToken);
    }

    private async Task CommitAsync(long sequence, CancellationToken cancellationToken)
    {
        await OutboxAckFile.WriteAsync(_options.Directory, sequence, cancellationToken);
        _acked = sequence;
        lock (_pending)
        {
            while (_pending.First is { } first && first.Value.Sequence <= sequence)
            {
                Interlocked.Add(ref _bytes, -first.Value.FrameLength);
                _pending.RemoveFirst();
            }
        }

        foreach (var (segmentId, last) in _segmentLastSequence.Where(s => s.Value <= sequence && s.Key != _segmentId).ToList())
        {
            File.Delete(OutboxSegments.PathOf(_options.Directory, segmentId));
            _segmentLastSequence.Remove(segmentId);
        }

        Signal();
    }

    private async Task<FileStream> SegmentForAsync(int frameLength, CancellationToken cancellationToken)
    {
        if (_segment is not null && _segment.Length > 0 && _segment.Length + frameLength > _options.SegmentBytes)
        {
            await _segment.DisposeAsync();
            _segment = null;
            if (_segmentLastSequence.GetValueOrDefault(_segmentId, long.MaxValue) <= _acked)
            {
                File.Delete(OutboxSegments.PathOf(_options.Directory, _segmentId));
                _segmentLastSequence.Remove(_segmentId);
            }

            _segmentId++;
        }

        _segment ??= new FileStream(OutboxSegments.PathOf(_options.Directory, _segmentId), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
        return _segment;
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_pending)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

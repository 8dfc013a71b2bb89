using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.Edge.Durability;
using EdgeCam.Media.Frames;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>
/// Colour snapshots of one camera from the capture process's own JPEGs (full size, one a second; see
/// <see cref="EdgeCam.Media.Capture.CaptureOptions.ColourFrames"/>): the session hands each JPEG over and the newest
/// <see cref="KeptFrames"/> are kept. An event start queues a request for the first JPEG at or after the event's first
/// motion frame; this writer's own task waits for it (at most <see cref="MaxWait"/>), writes
/// <c>snapshots/&lt;cameraId&gt;/&lt;eventId&gt;.jpg</c> durably (temporary file, fsync, rename) and queues
/// <c>snapshotReady</c> on output <c>snapshots</c> for BlobBuffer. The frame loop never waits: a full request queue skips
/// the snapshot and counts it. The <c>snapshot</c> method writes the newest JPEG on demand.
/// </summary>
internal sealed partial class SnapshotWriter(SharedVolume volume, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Output carrying <c>snapshotReady</c>.</summary>
    public const string OutputName = "snapshots";

    /// <summary>JPEGs kept: at one a second, the few seconds a file played as fast as possible can run ahead of analysis.</summary>
    public const int KeptFrames = 8;

    /// <summary>The longest wait for the JPEG of an event start: a few colour frames; after it, the newest one is taken.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    private readonly Channel<Request> _queue =
        Channel.CreateBounded<Request>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();
    private readonly List<ColourFrame> _frames = [];
    private TaskCompletionSource _arrived = NewSignal();
    private long _session;
    private bool _sessionOpen;
    private long _skipped;

    /// <summary>Settings in force (replaced live).</summary>
    public SnapshotSettings Settings { get; set; } = new();

    /// <summary>Event snapshots skipped (queue full, or no colour frame in the session).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>A capture session starts: its stream clock starts again, so the frames of the last one are forgotten.</summary>
    public void SessionStarted()
    {
        lock (_gate)
        {
            _frames.Clear();
            _session++;
            _sessionOpen = true;
        }
    }

    /// <summary>The session ended: waiting requests take the newest frame it left.</summary>
    public void SessionEnded()
    {
        lock (_gate)
        {
            _sessionOpen = false;
            Signal();
        }
    }

    /// <summary>Keeps <paramref name="frame"/> among the newest <see cref="KeptFrames"/>.</summary>
    public void ObserveFrame(ColourFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_gate)
        {
            _frames.Add(frame);
            if (_frames.Count > KeptFrames)
            {
                _frames.RemoveAt(0);
            }

            Signal();
        }
    }

    /// <summary>
    /// Queues the snapshot of an event whose first motion frame is at <paramref name="streamStart"/> (stream time) and
    /// <paramref name="eventStart"/> (wall clock); returns its path relative to the volume, or null (disabled, queue full).
    /// </summary>
    public string? RequestForEvent(string cameraId, string eventId, TimeSpan streamStart, DateTimeOffset eventStart)
    {
        if (!Settings.Enabled)
        {
            return null;
        }

        long session;
        lock (_gate)
        {
            session = _session;
        }

        var path = Path.Combine(volume.SnapshotsDirectory(cameraId), eventId + ".jpg");
        if (!_queue.Writer.TryWrite(new Request(cameraId, eventId, path, streamStart, eventStart, session)))
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }

        return volume.ToRelative(path);
    }

    /// <summary>The newest colour JPEG of the current (or last) session; null before the first one.</summary>
    public ColourFrame? Newest()
    {
        lock (_gate)
        {
            return _frames.Count == 0 ? null : _frames[^1];
        }
    }

    /// <summary>Writes the newest JPEG now; returns its relative path, or null when no colour frame arrived yet.</summary>
    public string? CaptureNow(string cameraId)
    {
        var newest = Newest();
        if (newest is null)
        {
            return null;
        }

        var name = "manual-" + timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + ".jpg";
        var path = Path.Combine(volume.SnapshotsDirectory(cameraId), name);
        Write(path, newest.Jpeg.Span);
        return volume.ToRelative(path);
    }

    /// <summary>Writes queued event snapshots and announces each on <paramref name="output"/>, until cancelled.</summary>
    public async Task RunAsync(OutputSender output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await foreach (var request in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            var frame = await FrameForAsync(request, cancellationToken);
            if (frame is null)
            {
                Interlocked.Increment(ref _skipped);
                LogNoFrame(request.EventId);
                continue;
            }

            try
            {
                Write(request.Path, frame.Jpeg.Span);
            }
            catch (IOException ex)
            {
                LogWriteFailed(Path.GetFileName(request.Path), ex.Message);
                continue;
            }

            var ready = Announcement(request, frame);
            await output.EnqueueAsync(OutputName, SnapshotMessages.Ready(ready), cancellationToken);
        }
    }

    /// <summary>
    /// The <c>snapshotReady</c> of <paramref name="started"/>'s snapshot when its file is on disk (recovery after a crash;
    /// the frame's time is not kept, so <c>takenAt</c> is the event start); null when it never was written.
    /// </summary>
    public SnapshotReady? OnDisk(MotionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (started.SnapshotPath is null || !File.Exists(volume.Resolve(started.SnapshotPath)))
        {
            return null;
        }

        var jpeg = File.ReadAllBytes(volume.Resolve(started.SnapshotPath));
        return Announcement(new Request(started.CameraId, started.EventId, volume.Resolve(started.SnapshotPath), TimeSpan.Zero, started.Start, 0), new ColourFrame(0, TimeSpan.Zero, jpeg));
    }

    private SnapshotReady Announcement(Request request, ColourFrame frame)
    {
#pragma warning disable CA5351 // Content-MD5 is the integrity checksum Azure Blob Storage reports, not a security measure.
        var md5 = MD5.HashData(frame.Jpeg.Span);
#pragma warning restore CA5351
        return new SnapshotReady(
            request.CameraId,
            request.EventId,
            volume.ToRelative(request.Path),
            request.EventStart,
            request.EventStart + (frame.Timestamp - request.StreamStart),
            frame.Jpeg.Length,
            Convert.ToBase64String(md5));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The first frame at or after the event start; once the session is over or the wait ran out, the newest one of the
    // same session. Null when that session left none (it ended before its first colour frame, or a new one began).
    private async Task<ColourFrame?> FrameForAsync(Request request, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + MaxWait;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_session != request.Session)
                {
                    return null;
                }

                var match = _frames.Find(f => f.Timestamp >= request.StreamStart);
                if (match is not null)
                {
                    return match;
                }

                if (!_sessionOpen || timeProvider.GetUtcNow() >= deadline)
                {
                    return _frames.Count == 0 ? null : _frames[^1];
                }

                arrived = _arrived.Task;
            }

            try
            {
                var left = deadline - timeProvider.GetUtcNow();
                await arrived.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Checked again above: the newest frame is taken.
            }
        }
    }

    private void Write(string path, ReadOnlySpan<byte> jpeg)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        DurableFile.WriteAtomically(path, jpeg);
        Prune(directory);
    }

    // Called under the gate: wakes every waiting request.
    private void Signal()
    {
        _arrived.TrySetResult();
        _arrived = NewSignal();
    }

    // Names sort by time (event ids and manual names carry the UTC time), so the first ones are the oldest.
    private void Prune(string directory)
    {
        var files = Directory.GetFiles(directory, "*.jpg");
        if (files.Length <= Settings.MaxFiles)
        {
            return;
        }

        foreach (var file in files.OrderBy(File.GetLastWriteTimeUtc).Take(files.Length - Settings.MaxFiles))
        {
            File.Delete(file);
        }
    }

    [LoggerMessage(40, LogLevel.Warning, "Snapshot {Name} failed: {Error}")]
    private partial void LogWriteFailed(string name, string error);

    [LoggerMessage(41, LogLevel.Warning, "No snapshot for event {EventId}: its capture session left no colour frame")]
    private partial void LogNoFrame(string eventId);

    private sealed record Request(string CameraId, string EventId, string Path, TimeSpan StreamStart, DateTimeOffset EventStart, long Session);
}

using System.Threading.Channels;
using EdgeCam.Contracts;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>
/// Snapshots of one camera from the analysis frames: the frame loop hands over each frame (one copy into a reused
/// buffer, no allocation), an event start queues a copy of the latest frame for encoding on this writer's own task
/// (bounded queue; when full the snapshot is skipped and counted, the frame loop never waits), and the direct method
/// encodes the latest frame on demand. Encoding is managed (<see cref="Jpeg.GrayJpegEncoder"/>), no process per snapshot. Files: <c>snapshots/&lt;cameraId&gt;/&lt;name&gt;.jpg</c> on the shared volume.
/// </summary>
internal sealed partial class SnapshotWriter(SharedVolume volume, TimeProvider timeProvider, ILogger logger)
{
    private readonly Channel<(byte[] Pixels, int Width, int Height, string Path)> _queue =
        Channel.CreateBounded<(byte[], int, int, string)>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();
    private byte[] _latest = [];
    private int _width;
    private int _height;
    private long _skipped;

    /// <summary>Settings in force (replaced live).</summary>
    public SnapshotSettings Settings { get; set; } = new();

    /// <summary>Snapshots skipped because the encoder was still busy with earlier ones.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Keeps a copy of <paramref name="pixels"/> as the latest frame.</summary>
    public void ObserveFrame(ReadOnlySpan<byte> pixels, int width, int height)
    {
        lock (_gate)
        {
            if (_latest.Length != pixels.Length)
            {
                _latest = new byte[pixels.Length];
            }

            pixels.CopyTo(_latest);
            _width = width;
            _height = height;
        }
    }

    /// <summary>Queues the latest frame as <c>&lt;eventId&gt;.jpg</c>; returns its path relative to the volume, or null (disabled, no frame, queue full).</summary>
    public string? RequestForEvent(string cameraId, string eventId)
    {
        if (!Settings.Enabled || Copy() is not { } frame)
        {
            return null;
        }

        var path = Path.Combine(volume.SnapshotsDirectory(cameraId), eventId + ".jpg");
        if (!_queue.Writer.TryWrite((frame.Pixels, frame.Width, frame.Height, path)))
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }

        return volume.ToRelative(path);
    }

    /// <summary>Encodes the latest frame now; returns its relative path, or null when no frame arrived yet.</summary>
    public async Task<string?> CaptureNowAsync(string cameraId, CancellationToken cancellationToken)
    {
        if (Copy() is not { } frame)
        {
            return null;
        }

        var name = "manual-" + timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture) + ".jpg";
        var path = Path.Combine(volume.SnapshotsDirectory(cameraId), name);
        await SnapshotFile.WriteAsync(frame.Pixels, frame.Width, frame.Height, Settings.Quality, path, cancellationToken);
        Prune(Path.GetDirectoryName(path)!);
        return volume.ToRelative(path);
    }

    /// <summary>Encodes queued snapshots until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var (pixels, width, height, path) in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await SnapshotFile.WriteAsync(pixels, width, height, Settings.Quality, path, cancellationToken);
                Prune(Path.GetDirectoryName(path)!);
            }
            catch (IOException ex)
            {
                LogEncodeFailed(Path.GetFileName(path), ex.Message);
            }
        }
    }

    private (byte[] Pixels, int Width, int Height)? Copy()
    {
        lock (_gate)
        {
            return _latest.Length == 0 ? null : ((byte[])_latest.Clone(), _width, _height);
        }
    }

    // Names sort by time (event ids and manual names carry the UTC time), so the first ones are the oldest.
    private void Prune(string directory)
    {
        var files = Directory.GetFiles(directory, "*.jpg").Where(f => !f.EndsWith(".tmp.jpg", StringComparison.Ordinal)).ToList();
        if (files.Count <= Settings.MaxFiles)
        {
            return;
        }

        foreach (var file in files.OrderBy(File.GetLastWriteTimeUtc).Take(files.Count - Settings.MaxFiles))
        {
            File.Delete(file);
        }
    }

    [LoggerMessage(40, LogLevel.Warning, "Snapshot {Name} failed: {Error}")]
    private partial void LogEncodeFailed(string name, string error);
}

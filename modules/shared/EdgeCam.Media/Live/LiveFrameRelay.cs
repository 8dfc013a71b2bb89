using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using EdgeCam.Media.Frames;

namespace EdgeCam.Media.Live;

/// <summary>
/// Passes a camera's colour JPEGs on to whoever watches it live (the web console), over a Unix socket on the shared
/// volume, in the same <c>mpjpeg</c> framing ffmpeg writes (<see cref="MultipartJpegReader"/> reads it). A socket
/// carries frames between containers without writing them to the card. Each watcher has a queue of
/// <see cref="QueueCapacity"/> that drops the oldest JPEG, so a slow watcher gets the newest frames and never holds the
/// camera back; with nobody connected a frame costs nothing.
/// </summary>
public sealed class LiveFrameRelay : IAsyncDisposable
{
    /// <summary>JPEGs queued per watcher: the newest one and the one being written.</summary>
    public const int QueueCapacity = 2;

    /// <summary>Watchers served at once (a browser tab each, through the console).</summary>
    public const int MaxWatchers = 8;

    // A Unix socket path is limited to 108 bytes including the terminating zero.
    private const int MaxSocketPathBytes = 107;

    private readonly Socket _listener;
    private readonly object _gate = new();
    private readonly List<Channel<ReadOnlyMemory<byte>>> _watchers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private LiveFrameRelay(Socket listener, string socketPath)
    {
        _listener = listener;
        SocketPath = socketPath;
        _accepting = AcceptAsync();
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>Watchers connected now.</summary>
    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Listens on <paramref name="socketPath"/> (a stale socket file left by a crash is replaced).</summary>
    /// <exception cref="ArgumentException">The path is longer than a Unix socket allows.</exception>
    public static LiveFrameRelay Listen(string socketPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        if (Encoding.UTF8.GetByteCount(socketPath) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"the live socket path '{socketPath}' is longer than a Unix socket allows ({MaxSocketPathBytes} bytes).", nameof(socketPath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
        File.Delete(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(MaxWatchers);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new LiveFrameRelay(listener, socketPath);
    }

    /// <summary>Hands <paramref name="jpeg"/> to every watcher; never waits.</summary>
    public void Publish(ReadOnlyMemory<byte> jpeg)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(jpeg);
            }
        }
    }

    /// <summary>Disconnects every watcher and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        File.Delete(SocketPath);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                serving.RemoveAll(t => t.IsCompleted);
                if (serving.Count >= MaxWatchers)
                {
                    connection.Dispose();
                    continue;
                }

                serving.Add(ServeAsync(connection));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: stop accepting.
        }

        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(Socket connection)
    {
        var frames = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false });
        lock (_gate)
        {
            _watchers.Add(frames);
        }

        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: true);
            await foreach (var jpeg in frames.Reader.ReadAllAsync(_stop.Token))
            {
                var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: {jpeg.Length}\r\n\r\n"));
                await stream.WriteAsync(header, _stop.Token);
                await stream.WriteAsync(jpeg, _stop.Token);
                await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The watcher left, or the relay stops.
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(frames);
            }
        }
    }
}

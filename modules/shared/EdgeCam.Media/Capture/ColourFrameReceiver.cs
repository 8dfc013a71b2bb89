using System.Net.Sockets;
using System.Threading.Channels;
using EdgeCam.Media.Frames;

namespace EdgeCam.Media.Capture;

/// <summary>
/// The end of the capture process's colour output: a Unix socket that ffmpeg connects to (<c>unix:</c> protocol) and
/// writes its <c>mpjpeg</c> stream into. The socket is drained continuously into a small queue that drops the oldest
/// JPEG when nobody takes them, so ffmpeg (and with it the recording) never waits on this output.
/// The socket lives in the temporary directory: a Unix socket path is limited to 107 bytes, which a path on the shared
/// volume (camera and session ids) can exceed.
/// </summary>
internal sealed class ColourFrameReceiver : IAsyncDisposable
{
    /// <summary>JPEGs kept when the reader falls behind (a few seconds at the colour rate).</summary>
    public const int QueueCapacity = 4;

    private readonly Socket _listener;
    private readonly double _framesPerSecond;
    private readonly Channel<ColourFrame> _frames;
    private long _received;

    private ColourFrameReceiver(Socket listener, string socketPath, double framesPerSecond)
    {
        _listener = listener;
        SocketPath = socketPath;
        _framesPerSecond = framesPerSecond;
        _frames = Channel.CreateBounded<ColourFrame>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        Completion = ReceiveAsync();
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>What ffmpeg writes to.</summary>
    public string Url => "unix:" + SocketPath;

    /// <summary>The JPEGs, in order; completes when ffmpeg closed its end (or never connected before disposal).</summary>
    public ChannelReader<ColourFrame> Frames => _frames.Reader;

    /// <summary>JPEGs received so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Completes when the stream ended; never faults.</summary>
    public Task Completion { get; }

    /// <summary>Listens on a new socket in the temporary directory for JPEGs produced at <paramref name="framesPerSecond"/>.</summary>
    public static ColourFrameReceiver Listen(double framesPerSecond)
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgecam-colour-{Guid.NewGuid():N}.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new ColourFrameReceiver(listener, path, framesPerSecond);
    }

    /// <summary>Stops listening (a process that never connected ends <see cref="Completion"/>) and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await Completion;
    }

    /// <summary>
    /// Stops listening and removes the socket file without waiting for <see cref="Completion"/>; a connection already
    /// accepted is read to its end. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        _listener.Dispose();
        File.Delete(SocketPath);
    }

    private async Task ReceiveAsync()
    {
        await Task.Yield();
        try
        {
            using var connection = await _listener.AcceptAsync();
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            var reader = new MultipartJpegReader(stream);
            while (await reader.ReadAsync(CancellationToken.None) is { } jpeg)
            {
                var index = Interlocked.Increment(ref _received) - 1;
                _frames.Writer.TryWrite(new ColourFrame(index, TimeSpan.FromSeconds(index / _framesPerSecond), jpeg));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException or InvalidDataException)
        {
            // The listener closed before ffmpeg connected (it failed early), or ffmpeg died mid-part: the exit says why.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}

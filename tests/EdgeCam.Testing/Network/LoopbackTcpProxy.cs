using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeCam.Testing.Network;

/// <summary>
/// A loopback TCP proxy in front of a local port, for link faults: it relays every connection to the target, or, while
/// stalled, accepts connections and reads what comes but forwards and answers nothing (a link that accepted and went
/// silent). <see cref="Stall"/> turns a working link into such a one (what is relayed already goes silent too: bytes
/// are swallowed both ways). <see cref="SeverAll"/> resets every relayed connection at once (RST, no DISCONNECT), as a crashed device or
/// a dropped network looks to both ends; <see cref="Recover"/> ends a stall. New connections after either are relayed.
/// Every chunk relayed towards the target is counted with its time (<see cref="Upstream"/>), to measure upload rates.
/// </summary>
public sealed class LoopbackTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<Socket> _stalled = [];
    private readonly List<Socket> _relayed = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _stalling;
    private int _stalledConnections;
    private long _swallowedBytes;
    private readonly List<RelayedChunk> _upstream = [];

    /// <param name="targetPort">The loopback port connections are relayed to.</param>
    /// <param name="stalled">Start as a stalled link (until <see cref="Recover"/>) instead of relaying.</param>
    public LoopbackTcpProxy(int targetPort, bool stalled = false)
    {
        _targetPort = targetPort;
        _stalling = stalled;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted while stalled.</summary>
    public int StalledConnections => Volatile.Read(ref _stalledConnections);

    /// <summary>Bytes received and dropped while stalled (on connections accepted while stalled or relayed before <see cref="Stall"/>).</summary>
    public long SwallowedBytes => Interlocked.Read(ref _swallowedBytes);

    /// <summary>Every chunk relayed from a client to the target so far, in order, with when it was relayed.</summary>
    public IReadOnlyList<RelayedChunk> Upstream()
    {
        lock (_upstream)
        {
            return [.. _upstream];
        }
    }

    /// <summary>Bytes relayed from clients to the target between <paramref name="from"/> and <paramref name="to"/> (<see cref="Stopwatch"/> timestamps).</summary>
    public long UpstreamBytesBetween(long from, long to) => Upstream().Where(c => c.Timestamp >= from && c.Timestamp < to).Sum(c => (long)c.Bytes);

    /// <summary>
    /// The link goes silent: connections relayed so far stop forwarding (nothing reaches either end, nothing is reset)
    /// and new ones are accepted and ignored, until <see cref="Recover"/>, which resets them all.
    /// </summary>
    public void Stall()
    {
        _stalling = true;
        lock (_relayed)
        {
            lock (_stalled)
            {
                _stalled.AddRange(_relayed);
            }

            _relayed.Clear();
        }
    }

    /// <summary>Resets every connection relayed so far.</summary>
    public void SeverAll() => Reset(_relayed);

    /// <summary>The link works again: stalled connections are reset, new ones are relayed.</summary>
    public void Recover()
    {
        _stalling = false;
        Reset(_stalled);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Reset(_stalled);
        Reset(_relayed);
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private static void Reset(List<Socket> sockets)
    {
        lock (sockets)
        {
            foreach (var socket in sockets)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }

            sockets.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_stalling)
            {
                lock (_stalled)
                {
                    _stalled.Add(client);
                }

                Interlocked.Increment(ref _stalledConnections);
                _ = DiscardAsync(client, this);
                continue;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_relayed)
            {
                _relayed.Add(client);
                _relayed.Add(server);
            }

            _ = PumpAsync(client, server, this, upstream: true);
            _ = PumpAsync(server, client, this, upstream: false);
        }
    }

    private static async Task DiscardAsync(Socket socket, LoopbackTcpProxy proxy)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                Interlocked.Add(ref proxy._swallowedBytes, read);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset by Recover or Dispose.
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, LoopbackTcpProxy proxy, bool upstream)
    {
        var buffer = new byte[16 * 1024];
        var silenced = false;
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                // Once stalled, a relayed connection stays silent until Recover resets it.
                silenced |= proxy._stalling;
                if (silenced)
                {
                    Interlocked.Add(ref proxy._swallowedBytes, read);
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                if (upstream)
                {
                    lock (proxy._upstream)
                    {
                        proxy._upstream.Add(new RelayedChunk(Stopwatch.GetTimestamp(), read));
                    }
                }
            }

            if (silenced)
            {
                return;
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Severed or reset.
        }
    }
}

/// <summary>Bytes the proxy relayed in one piece, and when (a <see cref="Stopwatch"/> timestamp).</summary>
public readonly record struct RelayedChunk(long Timestamp, int Bytes);

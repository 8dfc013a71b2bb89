using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Agent.Tests.Systemd;

/// <summary>What systemd listens on for a <c>Type=notify</c> unit: a Unix datagram socket; each datagram one state.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    /// <param name="address">A path, or <c>@name</c> for the abstract namespace (as NOTIFY_SOCKET writes it).</param>
    public NotifySocket(string address)
    {
        Address = address;
        _socket.Bind(new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address));
    }

    public string Address { get; }

    /// <summary>The next datagram, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}

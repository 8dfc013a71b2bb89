using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Agent.Systemd;

/// <summary>
/// Tells systemd about the service's state (sd_notify's protocol, written here with no library): one datagram of
/// <c>VAR=value</c> lines to the Unix datagram socket named by <see cref="SocketVariable"/>; a name starting with
/// <c>@</c> is in the abstract namespace. systemd sets the variable for a unit with <c>Type=notify</c> or
/// <c>WatchdogSec</c>; anywhere else it is unset and the agent sends nothing (<see cref="FromEnvironment"/> is null).
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    /// <summary>The socket systemd listens on.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;

    /// <param name="address">The socket's path, or <c>@name</c> for an abstract socket.</param>
    public SystemdNotifier(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        Address = address;
        _endpoint = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
    }

    /// <summary>Where the states go, as <see cref="SocketVariable"/> named it.</summary>
    public string Address { get; }

    /// <summary>A notifier for <see cref="SocketVariable"/>; null when it is unset or empty (not run by systemd).</summary>
    public static SystemdNotifier? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(SocketVariable) is { Length: > 0 } address ? new SystemdNotifier(address) : null;
    }

    /// <summary>Sends <paramref name="state"/> (<c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STOPPING=1</c>) in one datagram.</summary>
    /// <exception cref="SocketException">The socket is gone or refuses it.</exception>
    public void Notify(string state) => _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endpoint);

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}

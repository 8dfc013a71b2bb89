using System.Net.Sockets;

namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks a TCP connection to host:port opens (edgeHub 8883, IoT Hub 8883, storage 443 or Azurite 10000).</summary>
public sealed class TcpReachableCheck : IDeviceCheck
{
    private readonly string _host;
    private readonly int _port;
    private readonly string _what;

    /// <param name="name">Printed name (e.g. <c>edgehub</c>).</param>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port.</param>
    /// <param name="what">What the endpoint is, for the advice (e.g. <c>edgeHub</c>).</param>
    public TcpReachableCheck(string name, string host, int port, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        Name = name;
        _host = host;
        _port = port;
        _what = what;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(_host, _port, cancellationToken);
            return CheckResult.Ok(Name, $"{_host}:{_port} accepts connections.");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return CheckResult.Fail(Name, $"{_host} does not resolve; check DNS and the host name of {_what}.");
        }
        catch (SocketException ex)
        {
            return CheckResult.Fail(Name, $"{_host}:{_port} refused or unreachable ({ex.SocketErrorCode}); check {_what} is running and that a firewall or proxy lets port {_port} out.");
        }
    }
}

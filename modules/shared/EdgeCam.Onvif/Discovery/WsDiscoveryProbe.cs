using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeCam.Onvif.Discovery;

/// <summary>
/// Finds ONVIF cameras with one WS-Discovery Probe over SOAP-over-UDP and collects the ProbeMatches that arrive within
/// the listening window. The probe goes to <see cref="Target"/>: the WS-Discovery multicast group by default, or any
/// unicast address (a camera's own IP, or a loopback responder in tests).
/// </summary>
public sealed class WsDiscoveryProbe
{
    /// <summary>The WS-Discovery multicast group and port (SOAP-over-UDP, IPv4): 239.255.255.250:3702.</summary>
    public static readonly IPEndPoint MulticastTarget = new(IPAddress.Parse("239.255.255.250"), 3702);

    /// <summary>How long replies are awaited by default: WS-Discovery lets a device delay its answer up to about a second.</summary>
    public static readonly TimeSpan DefaultListenTime = TimeSpan.FromSeconds(3);

    public WsDiscoveryProbe(IPEndPoint target, TimeSpan listenTime)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(listenTime, TimeSpan.Zero);
        Target = target;
        ListenTime = listenTime;
    }

    /// <summary>Where the probe is sent.</summary>
    public IPEndPoint Target { get; }

    /// <summary>How long answers are collected after the probe is sent.</summary>
    public TimeSpan ListenTime { get; }

    /// <summary>
    /// Sends the probe (twice, as SOAP-over-UDP repeats a multicast message against loss) and returns the distinct
    /// devices that answered within <see cref="ListenTime"/>, in order of first answer.
    /// </summary>
    public async Task<IReadOnlyList<ProbeMatch>> ProbeAsync(CancellationToken cancellationToken)
    {
        var messageId = "uuid:" + Guid.NewGuid().ToString("D");
        var probe = Encoding.UTF8.GetBytes(ProbeMessages.Probe(messageId));
        using var socket = new UdpClient(0, Target.AddressFamily);
        if (IsMulticast(Target.Address))
        {
            socket.Client.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        }

        await socket.SendAsync(probe, Target, cancellationToken);
        await socket.SendAsync(probe, Target, cancellationToken);

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(ListenTime);
        var found = new List<ProbeMatch>();
        while (true)
        {
            UdpReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(window.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return found;
            }
            catch (SocketException)
            {
                // An ICMP "port unreachable" from a unicast target that has no responder surfaces as a reset on the
                // next receive; it only means that address has no camera, so the window goes on.
                continue;
            }

            foreach (var match in ProbeMessages.ReadMatches(Encoding.UTF8.GetString(received.Buffer), messageId))
            {
                if (!found.Any(f => Key(f) == Key(match)))
                {
                    found.Add(match);
                }
            }
        }
    }

    /// <summary>A device is the same device when its endpoint reference is (or, without one, its first address).</summary>
    private static string Key(ProbeMatch match) =>
        match.EndpointReference.Length > 0 ? match.EndpointReference : match.XAddrs[0].AbsoluteUri;

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork
            ? (address.GetAddressBytes()[0] & 0xF0) == 0xE0
            : address.IsIPv6Multicast;
}

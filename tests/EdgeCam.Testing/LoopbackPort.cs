using System.Net;
using System.Net.Sockets;

namespace EdgeCam.Testing;

/// <summary>
/// A TCP port on 127.0.0.1 that was free a moment ago (the system picks it), for a server a test starts itself, such
/// as the agent's embedded MQTT broker (<c>EDGECAM_MQTT_BROKER=embedded:&lt;port&gt;</c>): no test depends on a fixed
/// port such as 1883 being free, and tests running at the same time do not meet on one.
/// </summary>
public static class LoopbackPort
{
    /// <summary>A port no one listened on when asked.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

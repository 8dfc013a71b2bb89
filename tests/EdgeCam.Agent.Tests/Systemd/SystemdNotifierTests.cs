using System.Net.Sockets;
using EdgeCam.Agent.Systemd;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Systemd;

[Trait("Category", "Unit")]
public sealed class SystemdNotifierTests
{
    [Fact]
    public async Task Notify_PathSocket_ArrivesAsOneDatagram()
    {
        using var temp = new TempDirectory("sdnotifier");
        using var socket = new NotifySocket(temp.Combine("notify.sock"));
        using var notifier = SystemdNotifier.FromEnvironment(name => name == "NOTIFY_SOCKET" ? socket.Address : null)!;

        notifier.Notify("READY=1");

        Assert.Equal("READY=1", await socket.ReceiveAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Notify_AbstractSocket_Arrives()
    {
        using var socket = new NotifySocket($"@edgecam-test-{Guid.NewGuid():N}");
        using var notifier = new SystemdNotifier(socket.Address);

        notifier.Notify("WATCHDOG=1");

        Assert.Equal("WATCHDOG=1", await socket.ReceiveAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void FromEnvironment_NoSocket_IsNull()
    {
        Assert.Null(SystemdNotifier.FromEnvironment(_ => null));
        Assert.Null(SystemdNotifier.FromEnvironment(_ => string.Empty));
    }

    [Fact]
    public void Notify_SocketGone_ThrowsSocketException()
    {
        using var temp = new TempDirectory("sdnotifier");
        using var notifier = new SystemdNotifier(temp.Combine("nobody-listens.sock"));

        Assert.ThrowsAny<SocketException>(() => notifier.Notify("WATCHDOG=1"));
    }
}

using System.Net.Sockets;
using EdgeCam.Media.Frames;
using EdgeCam.Media.Live;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Live;

public class LiveFrameRelayTests
{
    [Fact]
    public async Task Publish_TwoWatchers_EachReadsTheJpegsInMpjpeg()
    {
        using var dir = new TempDirectory();
        await using var relay = LiveFrameRelay.Listen(dir.Combine("live", "cam.sock"));
        using var first = await ConnectAsync(relay);
        using var second = await ConnectAsync(relay);
        await Eventually.TrueAsync(() => relay.WatcherCount == 2, "both watchers are registered");

        relay.Publish(new byte[] { 0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9 });

        foreach (var socket in new[] { first, second })
        {
            await using var stream = new NetworkStream(socket);
            var jpeg = await new MultipartJpegReader(stream).ReadAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(new byte[] { 0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9 }, jpeg);
        }
    }

    [Fact]
    public async Task Publish_WatcherThatLeft_NoLongerServed()
    {
        using var dir = new TempDirectory();
        await using var relay = LiveFrameRelay.Listen(dir.Combine("live", "cam.sock"));
        var watcher = await ConnectAsync(relay);
        await Eventually.TrueAsync(() => relay.WatcherCount == 1, "the watcher is registered");

        watcher.Dispose();
        await Eventually.TrueAsync(
            () =>
            {
                relay.Publish(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 });
                return relay.WatcherCount == 0;
            },
            "the relay notices the watcher left when it writes");
    }

    [Fact]
    public async Task Listen_StaleSocketFile_Replaced()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("live", "cam.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "left by a crash");

        await using var relay = LiveFrameRelay.Listen(path);
        using var watcher = await ConnectAsync(relay);

        Assert.True(watcher.Connected);
    }

    [Fact]
    public async Task DisposeAsync_Listening_RemovesTheSocketFile()
    {
        using var dir = new TempDirectory();
        var relay = LiveFrameRelay.Listen(dir.Combine("live", "cam.sock"));

        await relay.DisposeAsync();

        Assert.False(File.Exists(relay.SocketPath));
    }

    [Fact]
    public void Listen_PathLongerThanASocketAllows_ThrowsNamingIt()
    {
        var path = "/tmp/" + new string('x', 120) + ".sock";

        var ex = Assert.Throws<ArgumentException>(() => LiveFrameRelay.Listen(path));

        Assert.Contains("longer than a Unix socket allows", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<Socket> ConnectAsync(LiveFrameRelay relay)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(relay.SocketPath));
        return socket;
    }
}

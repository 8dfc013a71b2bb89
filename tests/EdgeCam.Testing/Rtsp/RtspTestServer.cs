using System.Diagnostics;
using System.Globalization;
using EdgeCam.Testing.Processes;

namespace EdgeCam.Testing.Rtsp;

/// <summary>
/// A real RTSP server on loopback for tests: GStreamer's RTSP server (<c>rtsp_serve.py</c> beside this file, run by
/// Debian's python3) serving an H.264 MP4 at <see cref="Url"/> on a free port. Every client gets the file from its
/// start, over TCP or UDP, as an IP camera would serve it. Fails the test with an install hint when GStreamer's RTSP
/// server is missing (device/install-deps.sh --tests installs it).
/// </summary>
public sealed class RtspTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ReadyLineProcess _process;

    private RtspTestServer(ReadyLineProcess process, string mount)
    {
        _process = process;
        Mount = mount;
        Port = int.Parse(process.ReadyLine.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>The path the file is served at (no leading slash).</summary>
    public string Mount { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>rtsp://127.0.0.1:port/mount</c>.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"rtsp://127.0.0.1:{Port}/{Mount}");

    /// <summary>What the server printed.</summary>
    public string Log => _process.Log;

    /// <summary>Serves the H.264 MP4 <paramref name="mp4Path"/> at <paramref name="mount"/> and returns once it listens.</summary>
    /// <param name="port">The port on 127.0.0.1 (0: a free one); a test that stops a camera and brings it back passes the first one's.</param>
    public static async Task<RtspTestServer> StartAsync(string mp4Path, string mount, CancellationToken cancellationToken, int port = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mp4Path);
        ArgumentException.ThrowIfNullOrWhiteSpace(mount);
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing. Install it with: sudo apt-get install -y python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good. Run device/install-deps.sh --tests.");
        }

        var script = Path.Combine(RequiredTool.RepositoryRoot(), "tests", "EdgeCam.Testing", "Rtsp", "rtsp_serve.py");
        var info = new ProcessStartInfo(Python);
        foreach (var argument in new[] { script, mp4Path, mount, port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            var process = await ReadyLineProcess.StartAsync(info, IsReady, StartTimeout, cancellationToken);
            return new RtspTestServer(process, mount);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                $"The GStreamer RTSP test server {ex.Message}\nInstall it with: sudo apt-get install -y python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good (device/install-deps.sh --tests).",
                ex);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static bool IsReady(string line) =>
        line.StartsWith("ready ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out _);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

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

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RtspTestServer(Process process, string mount)
    {
        _process = process;
        Mount = mount;
    }

    /// <summary>The path the file is served at (no leading slash).</summary>
    public string Mount { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary><c>rtsp://127.0.0.1:port/mount</c>.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"rtsp://127.0.0.1:{Port}/{Mount}");

    /// <summary>What the server printed.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

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
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, mp4Path, mount, port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new RtspTestServer(process, mount);
        process.OutputDataReceived += server.OnOutput;
        process.ErrorDataReceived += server.OnOutput;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(server._ready.Task, exited) == server._ready.Task)
        {
            server.Port = await server._ready.Task;
            return server;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not listen within {StartTimeout.TotalSeconds} s";
        await server.DisposeAsync();
        throw new InvalidOperationException(
            $"The GStreamer RTSP test server {why}. Install it with: sudo apt-get install -y python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good "
            + $"(device/install-deps.sh --tests). Its output:\n{server.Log}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 64 * 1024)
            {
                _log.AppendLine(e.Data);
            }
        }

        if (e.Data.StartsWith("ready ", StringComparison.Ordinal) && int.TryParse(e.Data.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            _ready.TrySetResult(port);
        }
    }
}

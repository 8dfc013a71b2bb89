using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace EdgeCam.Testing.Onvif;

/// <summary>One media profile the stand-in camera serves.</summary>
public sealed record OnvifTestProfile(string Token, string Name, int Width, int Height);

/// <summary>
/// A stand-in ONVIF camera in its own process (<c>onvif-camera.js</c> beside this file, run by node): a WS-Discovery
/// responder on a loopback UDP port and the Device and Media services over HTTP on loopback, checking every
/// UsernameToken digest. Nothing is sent or received on multicast. Its answers are checked against the agsh
/// <c>onvif</c> npm client (see <see cref="ReadWithReferenceClientAsync"/>).
/// </summary>
public sealed class OnvifCameraProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<(int Udp, int Http)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _configPath;

    private OnvifCameraProcess(Process process, string configPath)
    {
        _process = process;
        _configPath = configPath;
    }

    /// <summary>Where the Probe goes: 127.0.0.1 and the responder's UDP port.</summary>
    public IPEndPoint DiscoveryEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The device service address the camera announces.</summary>
    public Uri DeviceAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}/onvif/device_service"));

    /// <summary>Each call the camera answered or refused ("/onvif/media_service GetProfiles authorised"), and each probe.</summary>
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

    /// <summary>Starts the camera; returns once both sockets listen.</summary>
    /// <param name="streamBase">The stream URIs are <c>streamBase/token</c>.</param>
    /// <param name="noCapabilities">True: GetCapabilities is refused (ActionNotSupported) and only GetServices names the Media service.</param>
    /// <param name="clockSkew">How far the camera's clock is ahead of the real time (negative: behind); it refuses a token dated more than 5 min off its clock.</param>
    public static async Task<OnvifCameraProcess> StartAsync(
        string name,
        string hardware,
        string username,
        string password,
        string streamBase,
        IReadOnlyList<OnvifTestProfile> profiles,
        CancellationToken cancellationToken,
        bool noCapabilities = false,
        TimeSpan clockSkew = default)
    {
        var configPath = Path.Combine(Path.GetTempPath(), $"onvif-camera-{Guid.NewGuid():N}.json");
        var config = new
        {
            name,
            hardware,
            username,
            password,
            streamBase,
            noCapabilities,
            clockSkewSeconds = clockSkew.TotalSeconds,
            profiles = profiles.Select(p => new { token = p.Token, name = p.Name, width = p.Width, height = p.Height }),
        };
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), cancellationToken);

        var info = new ProcessStartInfo(RequiredTool.OnPath("node", "nodejs"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script("onvif-camera.js"));
        info.ArgumentList.Add(configPath);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var camera = new OnvifCameraProcess(process, configPath);
        process.OutputDataReceived += camera.OnOutput;
        process.ErrorDataReceived += camera.OnOutput;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(camera._ready.Task, exited) != camera._ready.Task)
        {
            var log = camera.Log;
            await camera.DisposeAsync();
            throw new InvalidOperationException($"the ONVIF test camera did not start within {StartTimeout.TotalSeconds} s: {log}");
        }

        var (udp, http) = await camera._ready.Task;
        camera.DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, udp);
        camera.HttpPort = http;
        return camera;
    }

    /// <summary>
    /// Reads this camera with the agsh <c>onvif</c> npm client (device/tools/node_modules): the profiles' tokens, sizes
    /// and stream URIs as that client understood them.
    /// </summary>
    public async Task<IReadOnlyList<(string Token, int Width, int Height, string Uri)>> ReadWithReferenceClientAsync(string username, string password, CancellationToken cancellationToken)
    {
        var nodeModules = Path.Combine(RequiredTool.RepositoryRoot(), "device", "tools", "node_modules");
        if (!Directory.Exists(Path.Combine(nodeModules, "onvif")))
        {
            throw new InvalidOperationException($"the onvif npm package is missing from {nodeModules}. Run: npm ci --prefix device/tools (tests/run.sh does it through device/install-deps.sh --tests)");
        }

        var info = new ProcessStartInfo(RequiredTool.OnPath("node", "nodejs")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Script("onvif-reference-client.js"), "127.0.0.1", HttpPort.ToString(CultureInfo.InvariantCulture), username, password })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NODE_PATH"] = nodeModules;
        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the onvif npm client failed (exit {process.ExitCode}): {await error}");
        }

        using var json = JsonDocument.Parse(await output);
        return json.RootElement.GetProperty("profiles").EnumerateArray()
            .Select(p => (p.GetProperty("token").GetString()!, p.GetProperty("width").GetInt32(), p.GetProperty("height").GetInt32(), p.GetProperty("uri").GetString()!))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
        File.Delete(_configPath);
    }

    private static string Script(string name) => Path.Combine(RequiredTool.RepositoryRoot(), "tests", "EdgeCam.Testing", "Onvif", name);

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(e.Data);
        }

        var parts = e.Data.Split(' ');
        if (parts is ["ready", var udp, var http])
        {
            _ready.TrySetResult((int.Parse(udp, CultureInfo.InvariantCulture), int.Parse(http, CultureInfo.InvariantCulture)));
        }
    }
}

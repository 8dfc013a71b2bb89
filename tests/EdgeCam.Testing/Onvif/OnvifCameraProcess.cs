using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeCam.Testing.Processes;

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

    private readonly ReadyLineProcess _process;
    private readonly string _configPath;

    private OnvifCameraProcess(ReadyLineProcess process, string configPath)
    {
        _process = process;
        _configPath = configPath;
        var ready = process.ReadyLine.Split(' ');
        DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, int.Parse(ready[1], CultureInfo.InvariantCulture));
        HttpPort = int.Parse(ready[2], CultureInfo.InvariantCulture);
    }

    /// <summary>Where the Probe goes: 127.0.0.1 and the responder's UDP port.</summary>
    public IPEndPoint DiscoveryEndpoint { get; }

    /// <summary>The HTTP port on 127.0.0.1.</summary>
    public int HttpPort { get; }

    /// <summary>The device service address the camera announces.</summary>
    public Uri DeviceAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{HttpPort}/onvif/device_service"));

    /// <summary>Each call the camera answered or refused ("/onvif/media_service GetProfiles authorised"), and each probe.</summary>
    public string Log => _process.Log;

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

        var info = new ProcessStartInfo(RequiredTool.OnPath("node", "nodejs")) { RedirectStandardInput = true };
        info.ArgumentList.Add(Script("onvif-camera.js"));
        info.ArgumentList.Add(configPath);
        try
        {
            var process = await ReadyLineProcess.StartAsync(info, line => line.Split(' ') is ["ready", _, _], StartTimeout, cancellationToken);
            return new OnvifCameraProcess(process, configPath);
        }
        catch (InvalidOperationException ex)
        {
            File.Delete(configPath);
            throw new InvalidOperationException($"the ONVIF test camera {ex.Message}", ex);
        }
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
        await _process.DisposeAsync();
        File.Delete(_configPath);
    }

    private static string Script(string name) => Path.Combine(RequiredTool.RepositoryRoot(), "tests", "EdgeCam.Testing", "Onvif", name);
}

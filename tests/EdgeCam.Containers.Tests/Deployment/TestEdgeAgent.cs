using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using EdgeCam.Containers.Tests.Docker;
using EdgeCam.Testing;
using EdgeCam.Testing.IotEdge;

namespace EdgeCam.Containers.Tests.Deployment;

/// <summary>
/// edgeAgent for the deployment test: runs each module of <c>deployment.template.json</c> as a container the way
/// edgeAgent creates it, on the host network (only loopback carries traffic): a fixed container name, the module's
/// <c>env</c> from the template, its <c>Binds</c> with the host side of <c>/var/lib/edgecam</c> replaced by the test's
/// volume, the IoT Edge identity (<c>IOTEDGE_*</c>) and a workload API socket of its own bind-mounted at
/// <c>/var/run/iotedge/workload.sock</c> (as edgelet gives every module one). An update (<see cref="StopAsync"/>, then <see cref="StartAsync"/> with the new image) stops
/// the old container (SIGTERM, then SIGKILL after 10 s, as edgeAgent), removes it and starts the new image under the same
/// name with the same volume and identity. Device mappings and <c>GroupAdd</c> are not applied: the camera is a file.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TestEdgeAgent : IAsyncDisposable
{
    private const string WorkloadSocketInContainer = "/var/run/iotedge/workload.sock";
    private const string SharedVolumeInContainer = "/var/lib/edgecam";
    private static readonly string ModuleKey = Convert.ToBase64String(new byte[32]);

    private readonly DockerCli _docker;
    private readonly TestEdgeHub _hub;
    private readonly JsonObject _modules;
    private readonly string _volume;
    private readonly TempDirectory _sockets;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, FakeWorkloadApi> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _storageValues;
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);

    /// <param name="docker">The private daemon.</param>
    /// <param name="hub">The edgeHub each module connects to.</param>
    /// <param name="templatePath">deployment.template.json.</param>
    /// <param name="volume">The host folder bound at /var/lib/edgecam, owned by UID 1654.</param>
    /// <param name="placeholders">Values for the template's <c>$NAME</c> placeholders in <c>env</c> (e.g. STORAGE_CONNECTION_STRING).</param>
    public TestEdgeAgent(DockerCli docker, TestEdgeHub hub, string templatePath, string volume, IReadOnlyDictionary<string, string> placeholders)
    {
        _docker = docker;
        _hub = hub;
        _volume = volume;
        _storageValues = new Dictionary<string, string>(placeholders, StringComparer.Ordinal);
        _modules = JsonNode.Parse(File.ReadAllText(templatePath))!["modulesContent"]!["$edgeAgent"]!["properties.desired"]!["modules"]!.AsObject();
        _sockets = new TempDirectory("edgecam-workload");
        File.SetUnixFileMode(_sockets.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>The modules in the groups edgeAgent starts them in (by <c>startupOrder</c>, lowest first; manifest order within).</summary>
    public IReadOnlyList<IReadOnlyList<string>> StartupGroups =>
        [.. _modules.GroupBy(m => (int?)m.Value!["startupOrder"] ?? int.MaxValue).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)[.. g.Select(m => m.Key)])];

    /// <summary>The container name of <paramref name="module"/> (the same across updates).</summary>
    public string ContainerOf(string module) => $"edgecam-deploy-{_runId}-{module.ToLowerInvariant()}";

    /// <summary>
    /// Creates and starts <paramref name="module"/>'s container from <paramref name="image"/>; <paramref name="extraBinds"/>
    /// are host:container[:ro] binds beyond the template's (the synthetic camera file).
    /// </summary>
    public async Task StartAsync(string module, string image, IReadOnlyList<string> extraBinds, CancellationToken cancellationToken)
    {
        var workload = await WorkloadFor(module, cancellationToken);
        var arguments = new List<string>
        {
            "run", "-d", "--name", ContainerOf(module), "--network", "host",
            "-v", workload.SocketPath + ":" + WorkloadSocketInContainer,
            "-e", "IOTEDGE_IOTHUBHOSTNAME=hub.example",
            "-e", "IOTEDGE_DEVICEID=" + TestEdgeHub.DeviceId,
            "-e", "IOTEDGE_MODULEID=" + module,
            "-e", "IOTEDGE_MODULEGENERATIONID=gen-" + module.ToLowerInvariant(),
            "-e", "IOTEDGE_WORKLOADURI=unix://" + WorkloadSocketInContainer,
            "-e", "IOTEDGE_AUTHSCHEME=sasToken",
            "-e", "IOTEDGE_GATEWAYHOSTNAME=127.0.0.1",
            "-e", "EDGECAM_EDGEHUB_PORT=" + _hub.TlsPortOf(module).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var bind in Binds(module).Concat(extraBinds))
        {
            arguments.AddRange(["-v", bind]);
        }

        foreach (var (name, value) in Environment(module))
        {
            arguments.AddRange(["-e", $"{name}={value}"]);
        }

        arguments.Add(image);
        await _docker.RunAsync(arguments, cancellationToken);
        _started.Add(module);
    }

    /// <summary>
    /// Stops and removes the module's container as edgeAgent does before it starts a new image under the same name
    /// (SIGTERM, SIGKILL after 10 s; then <see cref="StartAsync"/> with the new image).
    /// </summary>
    /// <returns>The stopped container's log.</returns>
    public async Task<string> StopAsync(string module, CancellationToken cancellationToken)
    {
        await _docker.RunAsync(["stop", "-t", "10", ContainerOf(module)], cancellationToken, TimeSpan.FromSeconds(30));
        var logs = await LogsAsync(module, cancellationToken);
        await _docker.RunAsync(["rm", ContainerOf(module)], cancellationToken);
        _started.Remove(module);
        return logs;
    }

    /// <summary>The image id the module's container runs.</summary>
    public async Task<string> ImageIdAsync(string module, CancellationToken cancellationToken) =>
        (await _docker.RunAsync(["inspect", "-f", "{{.Image}}", ContainerOf(module)], cancellationToken)).Trim();

    /// <summary>The module container's log (stdout and stderr).</summary>
    public async Task<string> LogsAsync(string module, CancellationToken cancellationToken)
    {
        var result = await _docker.TryRunAsync(["logs", ContainerOf(module)], cancellationToken);
        return result.StandardOutput + result.StandardError;
    }

    /// <summary>The resident memory (VmRSS, bytes) of each process in the module's container, with its command name.</summary>
    public async Task<IReadOnlyList<(string Command, long Bytes)>> ResidentMemoryAsync(string module, CancellationToken cancellationToken)
    {
        var top = await _docker.RunAsync(["top", ContainerOf(module), "-o", "pid,comm"], cancellationToken);
        var processes = new List<(string, long)>();
        foreach (var fields in top.Split('\n').Skip(1).Select(l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(f => f.Length == 2))
        {
            var status = $"/proc/{fields[0]}/status";
            var rss = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
            if (rss is not null)
            {
                processes.Add((fields[1], long.Parse(rss["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024));
            }
        }

        return processes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var module in _started)
        {
            await _docker.TryRunAsync(["rm", "-f", ContainerOf(module)], CancellationToken.None);
        }

        foreach (var workload in _workloads.Values)
        {
            await workload.DisposeAsync();
        }

        _sockets.Dispose();
    }

    private async Task<FakeWorkloadApi> WorkloadFor(string module, CancellationToken cancellationToken)
    {
        if (!_workloads.TryGetValue(module, out var workload))
        {
            var trustBundle = await File.ReadAllTextAsync(_hub.CaFile, cancellationToken);
            workload = await FakeWorkloadApi.StartAsync(_sockets.Combine(module.ToLowerInvariant() + ".sock"), ModuleKey, trustBundle, cancellationToken);
            // edgelet's module socket accepts any local user; Kestrel creates it 0755, which the image's user 1654 cannot connect to.
            File.SetUnixFileMode(workload.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            _workloads[module] = workload;
        }

        return workload;
    }

    private IEnumerable<string> Binds(string module)
    {
        var binds = Settings(module)["createOptions"]?["HostConfig"]?["Binds"]?.AsArray() ?? [];
        foreach (var bind in binds.Select(b => (string)b!))
        {
            var container = bind[(bind.IndexOf(':', StringComparison.Ordinal) + 1)..];
            yield return container.StartsWith(SharedVolumeInContainer, StringComparison.Ordinal)
                ? _volume + ":" + container
                : throw new InvalidOperationException($"{module}: the test does not know where to bind '{bind}' from");
        }
    }

    private IEnumerable<(string Name, string Value)> Environment(string module)
    {
        foreach (var (name, node) in _modules[module]!["env"]?.AsObject() ?? [])
        {
            var value = (string)node!["value"]!;
            yield return (name, value.StartsWith('$') ? _storageValues.GetValueOrDefault(value[1..]) ?? throw new InvalidOperationException($"{module}: no value for {value}") : value);
        }
    }

    private JsonObject Settings(string module) => _modules[module]!["settings"]!.AsObject();
}

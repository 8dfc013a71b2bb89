using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>
/// What edgecam-agent.service makes systemd do, for a device installed under a temp root (systemd does not run
/// here): before every start the guard script (ExecStartPre, failures ignored), then
/// <c>&lt;root&gt;/opt/edgecam/current/edgecam-agent run …</c> (ExecStart, through the current link), and whenever the
/// agent exits, whatever its code, a new start after a short pause (Restart=always). Bounded: at most
/// <see cref="MaxStarts"/> starts. Every start's output goes to one log file.
/// </summary>
internal sealed class SystemdStandIn : IAsyncDisposable
{
    public const int MaxStarts = 10;

    private static readonly TimeSpan RestartDelay = TimeSpan.FromMilliseconds(300);

    private readonly string _root;
    private readonly string[] _arguments;
    private readonly string _log;

    // Every start's embedded MQTT broker on this one free loopback port, not 1883 (another test or a developer's broker).
    private readonly string _mqttBroker = $"embedded:{LoopbackPort.Free()}";
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(string Version, int? ExitCode)> _runs = [];
    private readonly Task _loop;
    private Process? _agent;

    private SystemdStandIn(string root, string[] arguments, string log)
    {
        _root = root;
        _arguments = arguments;
        _log = log;
        _loop = Task.Run(() => LoopAsync(_stopping.Token));
    }

    public string InstallRoot => Path.Combine(_root, "opt", "edgecam");

    public string DataDirectory => Path.Combine(_root, "var", "lib", "edgecam");

    /// <summary>Each start: the release current pointed at, and its exit code (null while it runs).</summary>
    public IReadOnlyList<(string Version, int? ExitCode)> Runs
    {
        get
        {
            lock (_runs)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>True while a started agent runs.</summary>
    public bool AgentRunning => _agent is { HasExited: false };

    public string Log => File.Exists(_log) ? File.ReadAllText(_log) : string.Empty;

    /// <summary>Starts the loop for the device installed under <paramref name="root"/>; <paramref name="arguments"/> follow <c>run</c>.</summary>
    public static SystemdStandIn Start(string root, string log, params string[] arguments) => new(root, arguments, log);

    /// <summary>The release current points at.</summary>
    public string CurrentVersion() => Path.GetFileName(new FileInfo(Path.Combine(InstallRoot, "current")).LinkTarget!);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_agent is { HasExited: false } agent)
        {
            agent.Kill(entireProcessTree: true);
        }

        await _loop.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        for (int start = 0; start < MaxStarts && !stopping.IsCancellationRequested; start++)
        {
            var guard = await ProcessRun.RunAsync(
                "bash",
                [Path.Combine(_root, "usr", "local", "libexec", "edgecam-firmware-guard"), "--root", InstallRoot, "--data", DataDirectory],
                TimeSpan.FromSeconds(30));
            await File.AppendAllTextAsync(_log, $"=== ExecStartPre (exit {guard.Code}): {guard.Output}", CancellationToken.None);

            var version = CurrentVersion();
            var info = new ProcessStartInfo(Path.Combine(InstallRoot, "current", "edgecam-agent")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("run");
            foreach (var argument in _arguments)
            {
                info.ArgumentList.Add(argument);
            }

            // A framework-dependent release's apphost finds the runtime through DOTNET_ROOT (a self-contained one needs nothing).
            info.Environment["EDGECAM_MQTT_BROKER"] = _mqttBroker;
            info.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            await File.AppendAllTextAsync(_log, $"=== ExecStart: release {version}\n", CancellationToken.None);
            using var agent = Process.Start(info)!;
            _agent = agent;
            lock (_runs)
            {
                _runs.Add((version, null));
            }

            var output = Task.WhenAll(agent.StandardOutput.ReadToEndAsync(CancellationToken.None), agent.StandardError.ReadToEndAsync(CancellationToken.None));
            try
            {
                await agent.WaitForExitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                agent.Kill(entireProcessTree: true);
                await agent.WaitForExitAsync(CancellationToken.None);
            }

            var texts = await output;
            await File.AppendAllTextAsync(_log, $"{texts[0]}{texts[1]}=== exited {agent.ExitCode}\n", CancellationToken.None);
            lock (_runs)
            {
                _runs[^1] = (version, agent.ExitCode);
            }

            _agent = null;
            await Task.Delay(RestartDelay, CancellationToken.None);
        }
    }
}

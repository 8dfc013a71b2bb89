using System.Diagnostics;
using System.Globalization;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// <c>edgecam-agent run</c> as a real process in its own process group (started through <c>setsid</c>), so a kill takes
/// the agent and every process it started at once, as a container kill or a power cut does, and no orphaned ffmpeg
/// keeps writing into the spool. Its stdout and stderr go to a log file.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pumps;
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private bool _disposed;

    private AgentProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    /// <summary>The agent's pid, which is also its process group id.</summary>
    public int Id => _process.Id;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan Age => _age.Elapsed;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet edgecam-agent.dll run</c> with <paramref name="arguments"/> and extra environment.</summary>
    public static AgentProcess Start(string logPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var agent = Path.Combine(AppContext.BaseDirectory, "edgecam-agent.dll");
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["dotnet", agent, "run", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"=== started {DateTime.UtcNow:O}");
        var process = Process.Start(info) ?? throw new InvalidOperationException("setsid dotnet edgecam-agent.dll did not start");
        return new AgentProcess(process, log);
    }

    /// <summary>SIGKILL to the whole process group, then waits (bounded) until none of its processes is left.</summary>
    public async Task KillGroupAsync()
    {
        await SignalAsync("-KILL", $"-{Id}");
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilGroupGoneAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM to the agent alone, as <c>docker stop</c> or systemd sends it.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM", Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Waits for the agent to exit; false when it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>True while any process of the agent's group (the agent, ffmpeg, the camera tool) is alive.</summary>
    public bool GroupAlive()
    {
        using var probe = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-0", "--", $"-{Id}" }, RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    /// <summary>The processes of the agent's group with their command lines, for a failure message.</summary>
    public string GroupProcesses()
    {
        var info = new ProcessStartInfo("pgrep") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-a", "-g", Id.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        using var pgrep = Process.Start(info)!;
        var list = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return string.Join("; ", list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (GroupAlive())
        {
            await KillGroupAsync();
        }

        await _pumps.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _log.WriteLineAsync($"=== ended {DateTime.UtcNow:O}");
        await _log.DisposeAsync();
        _process.Dispose();
    }

    /// <summary>True once no process of the agent's group is left, false if some still are after <paramref name="timeout"/>.</summary>
    public async Task<bool> GroupGoneWithinAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (GroupAlive())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private async Task WaitUntilGroupGoneAsync(TimeSpan timeout)
    {
        if (!await GroupGoneWithinAsync(timeout))
        {
            throw new InvalidOperationException($"processes of the agent's group {Id} were still alive {timeout.TotalSeconds} s after SIGKILL");
        }
    }

    private static async Task SignalAsync(string signal, string target)
    {
        var info = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { signal, "--", target })
        {
            info.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(info)!;
        await kill.WaitForExitAsync();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }
}

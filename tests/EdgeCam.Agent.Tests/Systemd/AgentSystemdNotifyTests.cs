using System.Diagnostics;
using EdgeCam.Agent.Tests.Faults;
using EdgeCam.Testing;

namespace EdgeCam.Agent.Tests.Systemd;

/// <summary>
/// A real <c>edgecam-agent run</c> process under the variables systemd gives a <c>Type=notify</c> unit with
/// <c>WatchdogSec</c> (device/firmware/edgecam-agent.service): the repository's template, no camera on this machine
/// (CameraCapture keeps retrying its source, which is not unhealthy), no storage and no IoT Hub identity.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentSystemdNotifyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Run_NotifySocketAndWatchdog_ReadyThenRepeatedWatchdogThenStopping()
    {
        using var temp = new TempDirectory("sdnotify");
        using var socket = new NotifySocket(temp.Combine("notify.sock"));
        await using var agent = Start(temp, new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = socket.Address,
            ["WATCHDOG_USEC"] = "2000000",
        });

        var ready = await socket.ReceiveAsync(StartTimeout);
        var pings = new List<string?>();
        var watch = Stopwatch.StartNew();
        while (pings.Count(p => p == "WATCHDOG=1") < 3 && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            pings.Add(await socket.ReceiveAsync(TimeSpan.FromSeconds(10)));
        }

        await agent.TerminateAsync();
        var exited = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var afterStop = new List<string>();
        while (await socket.ReceiveAsync(TimeSpan.FromMilliseconds(200)) is { } state)
        {
            afterStop.Add(state);
        }

        Assert.True(ready == "READY=1", $"first state: {ready ?? "none"} within {StartTimeout.TotalSeconds} s; log: {Log(temp)}");
        Assert.True(pings.Count(p => p == "WATCHDOG=1") >= 3, $"states after READY=1: {string.Join(", ", pings.Select(p => p ?? "(10 s silence)"))}");
        Assert.True(exited, "the agent did not exit within 30 s of SIGTERM");
        Assert.Equal(0, agent.ExitCode);
        Assert.Contains("STOPPING=1", afterStop);
    }

    [Fact]
    public async Task Run_WatchdogWithoutNotifySocket_SendsNothingAndStopsCleanly()
    {
        using var temp = new TempDirectory("sdnotify");
        await using var agent = Start(temp, new Dictionary<string, string> { ["WATCHDOG_USEC"] = "2000000" });

        var running = await WaitForLogAsync(temp, "Module EventRouter starting", StartTimeout);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a watchdog interval and a half: a ping attempt would have been made
        await agent.TerminateAsync();
        var exited = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(running, $"EventRouter did not start within {StartTimeout.TotalSeconds} s; log: {Log(temp)}");
        Assert.True(exited, "the agent did not exit within 30 s of SIGTERM");
        Assert.Equal(0, agent.ExitCode);
        Assert.DoesNotContain("systemd watchdog", Log(temp), StringComparison.Ordinal);
        Assert.DoesNotContain("systemd: cannot send", Log(temp), StringComparison.Ordinal);
    }

    private static AgentProcess Start(TempDirectory temp, Dictionary<string, string> environment)
    {
        // The variables of the machine running the tests (a CI under systemd has its own NOTIFY_SOCKET) must not leak in.
        environment.TryAdd("NOTIFY_SOCKET", string.Empty);
        environment.TryAdd("WATCHDOG_PID", string.Empty);
        return AgentProcess.Start(
            temp.Combine("agent.log"),
            environment,
            "--template",
            Path.Combine(RequiredTool.RepositoryRoot(), "deployment.template.json"),
            "--data",
            temp.Combine("data"));
    }

    private static async Task<bool> WaitForLogAsync(TempDirectory temp, string line, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (Log(temp).Contains(line, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static string Log(TempDirectory temp)
    {
        var path = temp.Combine("agent.log");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}

using System.Diagnostics;
using EdgeCam.Edge.Hosting;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// The kill loop's orderly sibling: the agent is stopped with SIGTERM (every update and reboot) at random points of a
/// run with motion events. Each stop must end within the shutdown budget, exit 0 and leave no process behind; after a
/// drain every alerted event has exactly one set of clips in storage, byte-identical to the clips on disk.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Faults")]
[Collection(FaultRig.Collection)]
public sealed class AgentStopLoopTests(ITestOutputHelper output)
{
    /// <summary>The host's budget, plus the process's own exit after the host stopped (runtime teardown).</summary>
    private static readonly TimeSpan StopBudget = EdgeModuleDefaults.ShutdownTimeout + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task StopLoop_SigtermAtRandomPointsThenDrain_EachStopWithinBudgetAndEveryDetectedEventStoredOnce()
    {
        var stops = FaultParameters.Stops;
        var seed = FaultParameters.Seed;
        var random = new Random(seed);
        // Runs of 2-8 s: the camera's first frame comes about 2.5 s after the start, so stops fall before, during and
        // after events.
        var runs = Enumerable.Range(0, stops).Select(_ => TimeSpan.FromSeconds(2 + (6 * random.NextDouble()))).ToList();
        await using var rig = await FaultRig.StartAsync("stoploop", output);
        rig.Report($"stop loop: seed {seed} (EDGECAM_FAULT_SEED), {stops} SIGTERMs of the agent, runs of 2-8 s, budget {StopBudget.TotalSeconds:F0} s");

        var problems = new List<string>();
        var stopTimes = new List<TimeSpan>();
        for (var i = 0; i < stops; i++)
        {
            await using var agent = rig.StartAgent();
            await Task.Delay(runs[i]);
            if (agent.HasExited)
            {
                problems.Add($"run {i + 1} exited with {agent.ExitCode} before its SIGTERM");
                continue;
            }

            var stopping = Stopwatch.StartNew();
            await agent.TerminateAsync();
            var exited = await agent.WaitForExitAsync(StopBudget + TimeSpan.FromSeconds(10));
            var took = stopping.Elapsed;
            stopTimes.Add(took);
            if (!exited || took > StopBudget)
            {
                problems.Add($"stop {i + 1} took {took.TotalSeconds:F1} s{(exited ? string.Empty : " and had not ended")}");
            }
            else if (agent.ExitCode != 0)
            {
                problems.Add($"stop {i + 1} exited with {agent.ExitCode}");
            }
            else if (!await agent.GroupGoneWithinAsync(TimeSpan.FromSeconds(1)))
            {
                problems.Add($"stop {i + 1} left processes of its group running: {agent.GroupProcesses()}");
            }
        }

        var audit = await rig.DrainAsync(FaultParameters.DrainLimit);
        rig.Report($"stop times: {string.Join(", ", stopTimes.Select(t => $"{t.TotalSeconds:F1}"))} s");
        var table = audit.Table($"after {stops} stops and a drain (seed {seed}):");
        rig.Report(table);

        Assert.True(problems.Count == 0, $"{string.Join("; ", problems)}; see {rig.LogPath}");
        Assert.True(audit.Detected.Count >= 3, $"only {audit.Detected.Count} events detected: the loop did not exercise the pipeline\n{table}");
        Assert.True(audit.Lost.Count == 0, $"{audit.Lost.Count} of {audit.Detected.Count} detected events have no complete clip set in storage\n{table}");
        Assert.True(audit.Duplicates.Count == 0, $"duplicated clips in storage\n{table}");
        Assert.True(audit.Md5Mismatches.Count == 0, $"clips in storage differ from the clips on disk\n{table}");
    }
}

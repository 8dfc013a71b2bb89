using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// Issue 8, "nothing lost": the agent (a real process with its ffmpeg and camera tool) is killed with SIGKILL at random
/// points of a run with many motion events, then runs without faults until drained. Every event it alerted on must
/// end with exactly one set of clips in storage, byte-identical to the clips on disk. Run alone with
/// <c>--filter Category=Faults</c>; longer variants: tests/faults/kill-loop.sh.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Faults")]
[Collection(FaultRig.Collection)]
public sealed class AgentKillLoopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillLoop_SigkillAtRandomPointsThenDrain_EveryDetectedEventHasOneMatchingClipSetInStorage()
    {
        var kills = FaultParameters.Kills;
        var seed = FaultParameters.Seed;
        var random = new Random(seed);
        // Runs of 1-6 s: the agent takes about 1.5 s to start and its camera's first frame comes about 1 s later, so
        // kills fall in start-up (journal replay, uploads of what was buffered) as well as in events, cuts and uploads.
        var runs = Enumerable.Range(0, kills).Select(_ => TimeSpan.FromSeconds(1 + (5 * random.NextDouble()))).ToList();
        await using var rig = await FaultRig.StartAsync("killloop", output);
        rig.Report($"kill loop: seed {seed} (EDGECAM_FAULT_SEED), {kills} SIGKILLs of the agent's process group, runs of 1-6 s");

        var exitedByThemselves = new List<string>();
        for (var i = 0; i < kills; i++)
        {
            await using var agent = rig.StartAgent();
            await Task.Delay(runs[i]);
            if (agent.HasExited)
            {
                exitedByThemselves.Add($"run {i + 1} exited with {agent.ExitCode} before its kill");
            }

            await agent.KillGroupAsync();
        }

        var audit = await rig.DrainAsync(FaultParameters.DrainLimit);
        var table = audit.Table($"after {kills} kills and a drain (seed {seed}):");
        rig.Report(table);

        // Harness first: every run was alive when killed, and the footage gave the loop events to lose.
        Assert.True(exitedByThemselves.Count == 0, $"{string.Join("; ", exitedByThemselves)}; see {rig.LogPath}");
        Assert.True(audit.Detected.Count >= 5, $"only {audit.Detected.Count} events detected: the loop did not exercise the pipeline\n{table}");

        Assert.True(audit.Lost.Count == 0, $"{audit.Lost.Count} of {audit.Detected.Count} detected events have no complete clip set in storage\n{table}");
        Assert.True(audit.Duplicates.Count == 0, $"duplicated clips in storage\n{table}");
        Assert.True(audit.Md5Mismatches.Count == 0, $"clips in storage differ from the clips on disk\n{table}");
    }
}

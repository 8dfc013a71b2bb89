using System.Diagnostics;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing.Network;
using Xunit.Abstractions;

namespace EdgeCam.Agent.Tests.Faults;

/// <summary>
/// The link between the agent and storage goes silent mid-run (a loopback proxy that stops forwarding, nothing reset):
/// BlobBuffer must say so within a minute of an upload hitting the dead link, and uploads must resume by themselves
/// when the link is back, ending with every alerted event's clips in storage.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Faults")]
[Collection(FaultRig.Collection)]
public sealed class AgentBlackholedStorageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReportWithin = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task BlackholedLink_UploadHitsIt_StallLoggedWithinAMinuteAndUploadsResumeAfterRecovery()
    {
        var outage = FaultParameters.Outage;
        await using var rig = await FaultRig.StartAsync("blackhole", output);
        await using var proxy = new LoopbackTcpProxy(rig.Azurite.Port);
        rig.AgentStorage = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{proxy.Port}/{AzuriteProcess.AccountName};";
        await using var agent = rig.StartAgent();

        // The link works: a first clip goes through the proxy.
        await WaitAsync(async () => (await rig.AuditAsync()).ClipsInStorage > 0, TimeSpan.FromSeconds(60), "no clip reached storage through the working link", rig, agent);

        proxy.Stall();
        await WaitAsync(() => Task.FromResult(proxy.SwallowedBytes > 0), TimeSpan.FromSeconds(60), "no upload reached the blackholed link", rig, agent);
        var hit = Stopwatch.StartNew();
        await WaitAsync(() => Task.FromResult(LogContains(rig, "no progress for")), ReportWithin + TimeSpan.FromSeconds(30), "the stall was never reported", rig, agent);
        var reportedAfter = hit.Elapsed;

        await Task.Delay(outage);
        proxy.Recover();
        var recovering = Stopwatch.StartNew();
        await WaitAsync(() => Task.FromResult(LogContains(rig, "work again after")), TimeSpan.FromSeconds(60), "uploads did not resume after the link came back", rig, agent);
        var resumedAfter = recovering.Elapsed;

        var audit = await rig.DrainAsync(FaultParameters.DrainLimit, agent);
        rig.Report($"blackholed link: stall reported {reportedAfter.TotalSeconds:F1} s after an upload hit it; link down {outage.TotalSeconds:F0} s after that; uploads resumed {resumedAfter.TotalSeconds:F1} s after recovery");
        var table = audit.Table("after the outage and a drain:");
        rig.Report(table);

        Assert.True(reportedAfter <= ReportWithin, $"the stall was reported {reportedAfter.TotalSeconds:F1} s after an upload hit the dead link");
        Assert.True(audit.Detected.Count >= 2, $"only {audit.Detected.Count} events detected\n{table}");
        Assert.True(audit.Lost.Count == 0, $"{audit.Lost.Count} of {audit.Detected.Count} detected events have no complete clip set in storage\n{table}");
        Assert.True(audit.Duplicates.Count == 0, $"duplicated clips in storage\n{table}");
        Assert.True(audit.Md5Mismatches.Count == 0, $"clips in storage differ from the clips on disk\n{table}");
    }

    private static bool LogContains(FaultRig rig, string text)
    {
        using var stream = new FileStream(rig.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Contains(text, StringComparison.Ordinal);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, FaultRig rig, AgentProcess agent)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (agent.HasExited)
            {
                Assert.Fail($"the agent exited by itself (code {agent.ExitCode}); see {rig.LogPath}");
            }

            Assert.True(waited.Elapsed < timeout, $"{failure} within {timeout.TotalSeconds:F0} s; see {rig.LogPath}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}

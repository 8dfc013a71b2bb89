using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Network;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>
/// The outage summary on real Azurite behind a loopback proxy that goes silent (a cut link: connections accepted,
/// nothing answered) while clips keep arriving, and then relays again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleOutageTests
{
    [Fact]
    public async Task RunAsync_LinkCutLongerThanTheThreshold_OneSummaryWithWhatHappenedMeanwhile()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(azurite.Port);
        await using var rig = BufferRig.Create("outage", Desired(outageSummaryAfterSeconds: 3));
        var (volume, hub) = rig;
        using var cts = new CancellationTokenSource(Patience * 3);
        var run = await StartAsync(hub, Module(volume, proxy), cts.Token);
        var recorder = await hub.ClientAsync(Recorder);
        await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "before", ClipFiles.Content(50_000, 1)), cts.Token);
        await hub.WaitForAsync(r => IsUploaded(r, "before"), Patience);

        proxy.Stall();
        await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e1", ClipFiles.Content(60_000, 2)), cts.Token);
        await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e2", ClipFiles.Content(70_000, 3)), cts.Token);
        await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e2.part2", ClipFiles.Content(80_000, 4)), cts.Token);
        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
        await Task.Delay(TimeSpan.FromSeconds(4), cts.Token); // past the 3 s threshold
        proxy.Recover();
        foreach (var eventId in new[] { "e1", "e2", "e2.part2" })
        {
            await hub.WaitForAsync(r => IsUploaded(r, eventId), Patience);
        }

        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0, Patience);
        var summaries = Summaries(hub);
        await cts.CancelAsync();
        await run;

        var summary = Assert.Single(summaries);
        Assert.Equal(ModuleId, summary.Buffer);
        Assert.Equal((2, 3), (summary.EventsAccepted, summary.ClipsAccepted)); // e1 and e2 (its part 2 is the same event)
        Assert.Equal((2, 150_000L), (summary.ClipsWaiting, summary.BytesWaiting)); // when the first one (e1) was confirmed
        Assert.Equal(0, summary.Evicted);
        Assert.True(summary.To - summary.From >= TimeSpan.FromSeconds(3), $"outage of {summary.To - summary.From}");
        Assert.NotNull(summary.OldestPendingSince);
        Assert.False(File.Exists(Path.Combine(volume.BufferDirectory, EdgeCam.BlobBuffer.Reporting.OutageReport.FileName)));
    }

    [Fact]
    public async Task RunAsync_BlipShorterThanTheThreshold_NoSummary()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(azurite.Port, stalled: true);
        await using var rig = BufferRig.Create("blip", Desired(outageSummaryAfterSeconds: 60));
        var (volume, hub) = rig;
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, Module(volume, proxy), cts.Token);
        var recorder = await hub.ClientAsync(Recorder);

        await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e1", ClipFiles.Content(60_000, 2)), cts.Token);
        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
        proxy.Recover();
        await hub.WaitForAsync(r => IsUploaded(r, "e1"), Patience);
        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0 && r["buffer"]?["lastError"] is null, Patience);
        await cts.CancelAsync();
        await run;

        Assert.Empty(Summaries(hub));
        Assert.False(File.Exists(Path.Combine(volume.BufferDirectory, EdgeCam.BlobBuffer.Reporting.OutageReport.FileName)));
    }

    [Fact]
    public async Task RunAsync_RestartDuringTheOutage_StillExactlyOneSummaryCoveringBothRuns()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(azurite.Port, stalled: true);
        using var temp = new TempDirectory("outagerestart");
        var volume = new SharedVolume(temp.Path);
        IReadOnlyList<OutageSummary> firstRun;
        DateTimeOffset restartedAt;
        await using (var first = CreateHub(Desired(outageSummaryAfterSeconds: 2)))
        {
            using var cts = new CancellationTokenSource(Patience);
            var run = await StartAsync(first, Module(volume, proxy), cts.Token);
            var recorder = await first.ClientAsync(Recorder);
            await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e1", ClipFiles.Content(60_000, 2)), cts.Token);
            await first.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
            await SendAsync(recorder, ClipFiles.Write(volume, "cam1", "e2", ClipFiles.Content(70_000, 3)), cts.Token);
            await first.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 2, Patience);
            await cts.CancelAsync();
            await run;
            firstRun = Summaries(first);
            restartedAt = DateTimeOffset.UtcNow;
        }

        await using var hub = CreateHub(Desired(outageSummaryAfterSeconds: 2));
        using var again = new CancellationTokenSource(Patience * 2);
        var rerun = await StartAsync(hub, Module(volume, proxy), again.Token);
        await SendAsync(await hub.ClientAsync(Recorder), ClipFiles.Write(volume, "cam2", "e3", ClipFiles.Content(80_000, 4)), again.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), again.Token);
        proxy.Recover();
        foreach (var eventId in new[] { "e1", "e2", "e3" })
        {
            await hub.WaitForAsync(r => IsUploaded(r, eventId), Patience);
        }

        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0, Patience);
        var summaries = Summaries(hub);
        await again.CancelAsync();
        await rerun;

        Assert.Empty(firstRun);
        var summary = Assert.Single(summaries);
        Assert.True(summary.From < restartedAt, $"the outage began at {summary.From:O}, after the restart at {restartedAt:O}");
        // e2 came while the first attempt was failing, e3 after the restart; e1 (the clip that found the outage, with no
        // upload since the start to count from) does not count.
        Assert.Equal((2, 2), (summary.EventsAccepted, summary.ClipsAccepted));
    }

    private static JsonObject Desired(int outageSummaryAfterSeconds) => new()
    {
        ["stallTimeoutSeconds"] = 2,
        ["retryMinSeconds"] = 1,
        ["retryMaxSeconds"] = 2,
        ["outageSummaryAfterSeconds"] = outageSummaryAfterSeconds,
    };

    private static BlobBufferModule Module(SharedVolume volume, LoopbackTcpProxy proxy) => new(
        volume,
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{proxy.Port}/{AzuriteProcess.AccountName};",
        NullLoggerFactory.Instance,
        TimeProvider.System);

    private static List<OutageSummary> Summaries(TestHub hub) =>
        [.. hub.Routed
            .Where(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.HealthOutput && r.Message.MessageType() == MessageTypes.OutageSummary)
            .Select(r => r.Message.Read(ContractsJsonContext.Default.OutageSummary))];

    private static bool IsUploaded(EdgeCam.Edge.InProcess.RoutedMessage routed, string eventId) =>
        routed.FromModuleId == ModuleId && routed.OutputName == BlobBufferModule.UploadedOutput
            && routed.Message.Read(ContractsJsonContext.Default.ClipUploaded).EventId == eventId;
}

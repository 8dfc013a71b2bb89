using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeCam.Testing.Network;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Storage faults a device sees every week, on real Azurite and a loopback proxy; the module heals without a restart.</summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleStorageFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_ContainerDeletedWhileClipPending_RecreatesItAndTheClipLandsWithItsMd5()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var rig = BufferRig.Create("faults", new JsonObject { ["container"] = "clips" });
        var (volume, hub) = rig;
        using var logs = new RecordingLoggerProvider();
        var module = new BlobBufferModule(volume, azurite.ConnectionString, logs, TimeProvider.System);
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, module, cts.Token);
        var recorder = await hub.ClientAsync(Recorder);
        await SendAndWaitAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "before", ClipFiles.Content(100_000, 1)), cts.Token);
        await StoredBlobs.Container(azurite, "clips").DeleteAsync();

        var clip = ClipFiles.Write(volume, "cam1", "after", ClipFiles.Content(300_000, 2));
        var uploaded = await SendAndWaitAsync(hub, recorder, clip, cts.Token);

        Assert.Equal(clip.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(azurite, "clips", uploaded.BlobName)).Content));
        Assert.Contains(logs.At(LogLevel.Warning), line => line.Contains("created it again", StringComparison.Ordinal));
        Assert.Empty(logs.At(LogLevel.Error));
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task RunAsync_LinkStalls_LastErrorReportsTheStallWithinTheBoundAndTheClipLandsAfterRecovery()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var proxy = new LoopbackTcpProxy(azurite.Port, stalled: true);
        var throughProxy = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};BlobEndpoint=http://127.0.0.1:{proxy.Port}/{AzuriteProcess.AccountName};";
        await using var rig = BufferRig.Create("faults", new JsonObject { ["stallTimeoutSeconds"] = 2, ["retryMinSeconds"] = 1, ["retryMaxSeconds"] = 2 });
        var (volume, hub) = rig;
        using var logs = new RecordingLoggerProvider();
        var module = new BlobBufferModule(volume, throughProxy, logs, TimeProvider.System);
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, module, cts.Token);
        var clip = ClipFiles.Write(volume, "cam1", "stalled", ClipFiles.Content(500_000, 3));
        var recorder = await hub.ClientAsync(Recorder);

        var clock = Stopwatch.StartNew();
        await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var stalled = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
        var reportedAfter = clock.Elapsed;
        output.WriteLine($"stall reported in lastError {reportedAfter.TotalSeconds:0.0} s after the clip arrived (stallTimeoutSeconds 2)");
        await WaitUntilAsync(() => proxy.StalledConnections >= 2, Patience); // retried, and stalled again
        proxy.Recover();
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput, Patience);
        var healed = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0, Patience);

        var error = stalled["buffer"]!["lastError"]!.GetValue<string>();
        Assert.Contains("no progress for 2 s", error, StringComparison.Ordinal);
        Assert.Contains("aborted and will be retried", error, StringComparison.Ordinal);
        Assert.True(reportedAfter < TimeSpan.FromSeconds(6), $"the stall was reported after {reportedAfter}");
        var uploaded = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(azurite, "edgecam", uploaded.BlobName)).Content));
        Assert.Null(healed["buffer"]!["lastError"]);
        Assert.Single(logs.At(LogLevel.Error)); // one line for the stall, not one per attempt
        await cts.CancelAsync();
        await run;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, $"not reached within {timeout}");
            await Task.Delay(50);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EdgeCam.BlobBuffer.Targets;
using EdgeCam.BlobBuffer.Tests.Targets;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using EdgeCam.Testing.Logging;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>
/// Issue 11: BlobBuffer with a container SAS that may only create and write (no read, no list, no delete, and no account
/// key anywhere in the module) is killed with SIGKILL in the middle of a clip, and after a restart sends only the blocks
/// it had not staged, known from its own record since it cannot ask the service.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class BlobBufferModuleKillTests(ITestOutputHelper output)
{
    private const string ModuleId = "BlobBuffer";
    private const string Recorder = "SegmentRecorder";
    private const string Container = "killed";
    private const int BlockSize = 64 * 1024;
    private const int ClipBytes = 32 * 1024 * 1024;
    private const int BlockCount = ClipBytes / BlockSize;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_WriteOnlySasKilledMidClip_RestartSendsOnlyTheMissingBlocksAndTheBlobMatchesTheClip()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var sas = await AzureBlobTargetWriteOnlyTests.WriteOnlySasAsync(azurite, Container);
        using var temp = new TempDirectory("killwo");
        var volume = new SharedVolume(temp.Path);
        var clip = ClipFiles.Write(volume, "cam1", "killed-mid-clip", ClipFiles.Content(ClipBytes, seed: 11));
        var blobName = $"cam1/2026/11/21/{clip.EventId}.mp4";
        var desired = new JsonObject { ["blockSizeBytes"] = BlockSize, ["retryMinSeconds"] = 1, ["retryMaxSeconds"] = 2 };

        var stagedAtKill = await RunProbeUntilStagedAsync(azurite, sas, volume, temp, clip, desired, blobName, minimumStaged: 16);

        // Harness: the kill came mid-clip (blocks staged, nothing committed), and the SAS really cannot read.
        Assert.InRange(stagedAtKill, 16, BlockCount - 2);
        Assert.False(await StoredBlobs.ExistsAsync(azurite, Container, blobName));
        Assert.Equal(HttpStatusCode.Forbidden, await AzureBlobTargetWriteOnlyTests.GetStatusAsync(sas, blobName));

        using var logs = new RecordingLoggerProvider();
        var module = new BlobBufferModule(volume, new BlobBufferOptions { ContainerSasUrl = sas.AbsoluteUri }, logs, TimeProvider.System);
        await using var hub = TestHub.Create(new Dictionary<string, string>(), new Dictionary<string, JsonObject> { [ModuleId] = desired });
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cts.Token);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput, Patience);
        var uploaded = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
        await Eventually.TrueAsync(() => logs.At(LogLevel.Information).Any(l => l.Contains(" blocks sent)", StringComparison.Ordinal)), "the upload's log line (written after the uploaded message)");
        var sent = BlocksSent(logs);
        output.WriteLine($"{stagedAtKill} of {BlockCount} blocks staged on Azurite at the kill; the restart sent {sent}");

        Assert.Equal(blobName, uploaded.BlobName);
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(azurite, Container, blobName)).Content));
        // Every block the record had is skipped; at most the one in flight at the kill (staged, not yet recorded) goes again.
        Assert.InRange(sent, BlockCount - stagedAtKill, BlockCount - stagedAtKill + 1);
        Assert.Empty(logs.At(LogLevel.Error));
        await cts.CancelAsync();
        await run;
    }

    private static async Task<int> RunProbeUntilStagedAsync(AzuriteProcess azurite, Uri sas, SharedVolume volume, TempDirectory temp, ClipReady clip, JsonObject desired, string blobName, int minimumStaged)
    {
        var message = temp.Combine("clipReady.json");
        await File.WriteAllBytesAsync(message, ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady).ToArray());
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "EdgeCam.BlobBuffer.UploadProbe.dll"), volume.Root, message, desired.ToJsonString()])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[BlobBufferOptions.ContainerSasUrlVariable] = sas.AbsoluteUri; // the only credential it gets
        var blob = StoredBlobs.Container(azurite, Container).GetBlockBlobClient(blobName);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("the upload probe did not start");
        try
        {
            // Watched from outside with the account key: the probe is killed once enough blocks reached the service.
            var staged = 0;
            var waited = Stopwatch.StartNew();
            while (staged < minimumStaged)
            {
                Assert.True(waited.Elapsed < Patience, $"only {staged} blocks staged within {Patience}");
                Assert.False(process.HasExited, $"the probe exited by itself with code {(process.HasExited ? process.ExitCode : 0)}");
                staged = await UncommittedBlocksAsync(blob);
                await Task.Delay(5);
            }

            process.Kill(); // SIGKILL on Linux: no finally blocks, no flush, no dispose
            await process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(); // a failed assertion must not leave the probe uploading
            }
        }

        // A block whose request had fully arrived may still be stored after the kill: read until two reads agree.
        var settled = await UncommittedBlocksAsync(blob);
        for (var read = 0; read < 50; read++)
        {
            await Task.Delay(100);
            var again = await UncommittedBlocksAsync(blob);
            if (again == settled)
            {
                break;
            }

            settled = again;
        }

        return settled;
    }

    private static async Task<int> UncommittedBlocksAsync(BlockBlobClient blob)
    {
        try
        {
            return (await blob.GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks.Count();
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    private static int BlocksSent(RecordingLoggerProvider logs)
    {
        var line = Assert.Single(logs.At(LogLevel.Information), l => l.Contains(" blocks sent)", StringComparison.Ordinal));
        return int.Parse(SentPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+) blocks sent\)")]
    private static partial Regex SentPattern();
}

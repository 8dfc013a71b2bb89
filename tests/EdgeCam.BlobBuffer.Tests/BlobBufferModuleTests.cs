using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.BlobBuffer.Tests;

public sealed class BlobBufferModuleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_ClipReadyWithoutConnectionString_UploadsToLocalFolderAndSendsUploaded()
    {
        using var temp = new TempDirectory("module");
        var volume = new SharedVolume(temp.Path);
        var module = new BlobBufferModule(volume, storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        var client = new FakeModuleClient();
        var clip = ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(100_000, 1));

        var (output, uploaded) = await RunAndUploadAsync(module, client, clip);

        Assert.Equal(BlobBufferModule.UploadedOutput, output.Output);
        Assert.Equal("cam1/2026/11/21/evt1.mp4", uploaded.BlobName);
        Assert.Equal((clip.SizeBytes, clip.ContentMd5), (uploaded.SizeBytes, uploaded.ContentMd5));
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5(await File.ReadAllBytesAsync(Path.Combine(temp.Path, "uploaded", "cam1", "2026", "11", "21", "evt1.mp4"))));
        Assert.Equal(("application/json", "utf-8"), (output.Message.ContentType, output.Message.ContentEncoding));
        Assert.Equal(MessageTypes.ClipUploaded, output.Message.Properties[MessageProperties.MessageType]);
        Assert.Equal("1", output.Message.Properties[MessageProperties.SchemaVersion]);
        Assert.Equal("cam1", output.Message.Properties[MessageProperties.CameraId]);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_ClipReadyWithAzurite_CommitsBlobAndReportsNothingPending()
    {
        await using var azurite = await AzuriteServer.StartAsync(CancellationToken.None);
        using var temp = new TempDirectory("module");
        var volume = new SharedVolume(temp.Path);
        var module = new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        var client = new FakeModuleClient(new JsonObject { ["container"] = "clips", ["blockSizeBytes"] = 1024 * 1024 });
        var clip = ClipFiles.Write(volume, "cam2", "evt-42", ClipFiles.Content((3 * 1024 * 1024) + 5, 2));

        var (_, uploaded) = await RunAndUploadAsync(module, client, clip, waitForReport: true);

        Assert.Equal("cam2/2026/11/21/evt-42.mp4", uploaded.BlobName);
        Assert.Equal($"{azurite.BlobEndpoint}/clips/cam2/2026/11/21/evt-42.mp4", uploaded.Target);
        Assert.Equal(clip.ContentMd5, uploaded.ContentMd5);
        Assert.Equal(0, client.ReportedValue("buffer", "pendingCount")!.GetValue<int>());
        Assert.Equal(1, client.ReportedValue("buffer", "uploadedCount")!.GetValue<long>());
        Assert.Equal(200, client.Reported["lastDesiredStatus"]!["code"]!.GetValue<int>());
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_InvalidDesiredPatch_Reports400NamingPropertyAndKeepsSettings()
    {
        using var temp = new TempDirectory("module");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        var client = new FakeModuleClient(new JsonObject { ["blockSizeBytes"] = 1024 * 1024 });
        using var cts = new CancellationTokenSource(Patience);
        var run = module.RunAsync(client, cts.Token);
        await client.Opened.Task.WaitAsync(Patience);

        await client.PatchDesiredAsync(new JsonObject { ["$version"] = 7L, ["blockSizeBytes"] = -5 }, cts.Token);

        var status = client.Reported["lastDesiredStatus"]!;
        Assert.Equal((400, "blockSizeBytes", 7L), (status["code"]!.GetValue<int>(), status["property"]!.GetValue<string>(), status["version"]!.GetValue<long>()));
        Assert.Equal(1024 * 1024, module.Settings.BlockSizeBytes);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_MalformedClipReady_ReportsRejectionAndKeepsRunning()
    {
        using var temp = new TempDirectory("module");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        var client = new FakeModuleClient();
        using var cts = new CancellationTokenSource(Patience);
        var run = module.RunAsync(client, cts.Token);
        await client.Opened.Task.WaitAsync(Patience);

        await client.DeliverAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage("{not json"u8.ToArray()), cts.Token);

        Assert.Contains("ClipReady", client.ReportedValue("buffer", "lastRejected")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        await run;
    }

    private static async Task<((string Output, ModuleMessage Message) Sent, ClipUploaded Uploaded)> RunAndUploadAsync(
        BlobBufferModule module, FakeModuleClient client, ClipReady clip, bool waitForReport = false)
    {
        using var cts = new CancellationTokenSource(Patience);
        var run = module.RunAsync(client, cts.Token);
        await client.Opened.Task.WaitAsync(Patience);

        await client.DeliverAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var sent = await client.Sent.Reader.ReadAsync(cts.Token);
        if (waitForReport)
        {
            while (client.ReportedValue("buffer", "uploadedCount")?.GetValue<long>() != 1)
            {
                await Task.Delay(20, cts.Token);
            }
        }

        await cts.CancelAsync();
        await run;
        return (sent, ContractJson.Deserialize(sent.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded));
    }
}

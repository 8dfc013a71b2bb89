using System.Text.Json.Nodes;
using Azure.Storage.Sas;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.DevKit.Storage;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

public sealed class BlobBufferModuleTests
{
    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_ClipReadyWithoutConnectionString_UploadsToLocalFolderAndSendsUploaded()
    {
        using var temp = new TempDirectory("module");
        var volume = new SharedVolume(temp.Path);
        var module = new BlobBufferModule(volume, storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(desired: null);
        var clip = ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(100_000, 1));

        var (routed, uploaded) = await RunAndUploadAsync(hub, module, clip);

        Assert.Equal(BlobBufferModule.UploadedOutput, routed.OutputName);
        Assert.Equal("cam1/2026/11/21/evt1.mp4", uploaded.BlobName);
        Assert.Equal((clip.SizeBytes, clip.ContentMd5), (uploaded.SizeBytes, uploaded.ContentMd5));
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5(await File.ReadAllBytesAsync(Path.Combine(temp.Path, "uploaded", "cam1", "2026", "11", "21", "evt1.mp4"))));
        Assert.Equal(("application/json", "utf-8"), (routed.Message.ContentType, routed.Message.ContentEncoding));
        Assert.Equal(MessageTypes.ClipUploaded, routed.Message.Properties[MessageProperties.MessageType]);
        Assert.Equal("1", routed.Message.Properties[MessageProperties.SchemaVersion]);
        Assert.Equal("cam1", routed.Message.Properties[MessageProperties.CameraId]);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_ClipReadyWithAzurite_CommitsBlobAndReportsNothingPending()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var rig = BufferRig.Create("module", new JsonObject { ["container"] = "clips", ["blockSizeBytes"] = 1024 * 1024 });
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        var clip = ClipFiles.Write(volume, "cam2", "evt-42", ClipFiles.Content((3 * 1024 * 1024) + 5, 2));

        var (_, uploaded) = await RunAndUploadAsync(hub, module, clip, waitForReport: true);

        Assert.Equal("cam2/2026/11/21/evt-42.mp4", uploaded.BlobName);
        Assert.Equal($"{azurite.BlobEndpoint}/clips/cam2/2026/11/21/evt-42.mp4", uploaded.Target);
        Assert.Equal(clip.ContentMd5, uploaded.ContentMd5);
        var reported = hub.Hub.GetReportedProperties(ModuleId);
        Assert.Equal(0, reported["buffer"]!["pendingCount"]!.GetValue<int>());
        Assert.Equal(1, reported["buffer"]!["uploadedCount"]!.GetValue<long>());
        Assert.Equal(200, reported["lastDesiredStatus"]!["code"]!.GetValue<int>());
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_ContainerSasUrlAndTooNewServiceVersion_FailsOnTheWireThenUploadsAfterThePatch()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await StoredBlobs.Container(azurite, "sasclips").CreateAsync();
        var sas = azurite.ContainerSasUri("sasclips", BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Write, DateTimeOffset.UtcNow.AddHours(1));
        var newest = AzureBlockBlobClient.ServiceVersions[^1];
        await using var rig = BufferRig.Create("module", new JsonObject { ["serviceVersion"] = newest, ["retryMinSeconds"] = 1, ["retryMaxSeconds"] = 1 });
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, new BlobBufferOptions { ContainerSasUrl = sas.AbsoluteUri }, NullLoggerFactory.Instance, TimeProvider.System);
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var recorder = await hub.ClientAsync(Recorder);
        var clip = ClipFiles.Write(volume, "cam3", "evt-sas", ClipFiles.Content(200_000, 3));

        await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var failing = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastError"] is not null, Patience);
        await hub.Hub.UpdateDesiredPropertiesAsync(ModuleId, new JsonObject { ["serviceVersion"] = "2025-11-05" }, cts.Token);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput, Patience);

        Assert.Contains("400 InvalidHeaderValue", failing["buffer"]!["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        var uploaded = ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
        Assert.Equal($"{azurite.BlobEndpoint}/sasclips/cam3/2026/11/21/evt-sas.mp4", uploaded.Target);
        Assert.Equal(clip.ContentMd5, ClipFiles.Md5((await StoredBlobs.ReadAsync(azurite, "sasclips", uploaded.BlobName)).Content));
        await cts.CancelAsync();
        await run;
    }

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;SharedAccessSignature=sig=abc", null, "the storage connection string has both AccountKey and SharedAccessSignature; keep one.")]
    [InlineData(null, "https://acct.blob.core.windows.net/?sig=c2VjcmV0LWtleQ", "the container SAS URL for account 'acct' names no container (expected …/<container>?sv=…&sig=…).")]
    public void AddBlobBuffer_MalformedCredential_OneLineAtRegistration(string? connectionString, string? sasUrl, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BlobBufferOptions.ConnectionStringVariable] = connectionString,
            [BlobBufferOptions.ContainerSasUrlVariable] = sasUrl,
        }).Build();

        var ex = Assert.Throws<FormatException>(() => new ServiceCollection().AddBlobBuffer(configuration));

        Assert.Equal(expected, ex.Message);
        Assert.DoesNotContain("c2VjcmV0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_InvalidDesiredPatch_Reports400NamingPropertyAndKeepsSettings()
    {
        using var temp = new TempDirectory("module");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(new JsonObject { ["blockSizeBytes"] = 1024 * 1024 });
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);

        await hub.Hub.UpdateDesiredPropertiesAsync(ModuleId, new JsonObject { ["blockSizeBytes"] = -5 }, cts.Token);

        var status = hub.Hub.GetReportedProperties(ModuleId)["lastDesiredStatus"]!;
        Assert.Equal((400, 2L), (status["code"]!.GetValue<int>(), status["version"]!.GetValue<long>()));
        Assert.StartsWith("blockSizeBytes ", status["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1024 * 1024, module.Settings.BlockSizeBytes);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_ValidDesiredPatch_AppliesAndReports200()
    {
        using var temp = new TempDirectory("module");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(desired: null);
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);

        await hub.Hub.UpdateDesiredPropertiesAsync(ModuleId, new JsonObject { ["maxBufferBytes"] = 8L * 1024 * 1024 * 1024 }, cts.Token);

        Assert.Equal(8L * 1024 * 1024 * 1024, module.Settings.MaxBufferBytes);
        var status = hub.Hub.GetReportedProperties(ModuleId)["lastDesiredStatus"]!;
        Assert.Equal((200, 2L), (status["code"]!.GetValue<int>(), status["version"]!.GetValue<long>()));
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_MalformedClipReady_ReportsRejectionAndKeepsRunning()
    {
        using var temp = new TempDirectory("module");
        var module = new BlobBufferModule(new SharedVolume(temp.Path), storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        await using var hub = CreateHub(desired: null);
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var recorder = await hub.ClientAsync(Recorder);

        await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage("{not json"u8.ToArray()), cts.Token);

        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["lastRejected"] is not null, Patience);
        Assert.Contains("ClipReady", reported["buffer"]!["lastRejected"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(run.IsCompleted);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    [Trait("Category", "Unit")]
    public async Task RunAsync_ClipReadyAfterTheModuleStopped_IsNotTakenSoItsSenderKeepsIt()
    {
        await using var rig = BufferRig.Create("module", null);
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, storageConnectionString: null, NullLoggerFactory.Instance, TimeProvider.System);
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var recorder = await hub.ClientAsync(Recorder);
        await cts.CancelAsync();
        await run;
        var clip = ClipFiles.Write(volume, "cam1", "evt-late", ClipFiles.Content(10_000, 3));

        // The module's client is still open (the host closes it after RunAsync), but its store is closed.
        var send = recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), CancellationToken.None);

        await Assert.ThrowsAsync<InputClosedException>(() => send.WaitAsync(Patience));
        using var reopened = ClipStore.Open(volume.BufferDirectory, long.MaxValue, TimeProvider.System, NullLogger<ClipStore>.Instance);
        Assert.Equal(0, reopened.PendingCount);
    }

    private static async Task<(RoutedMessage Routed, ClipUploaded Uploaded)> RunAndUploadAsync(TestHub hub, BlobBufferModule module, ClipReady clip, bool waitForReport = false)
    {
        using var cts = new CancellationTokenSource(Patience);
        var run = await StartAsync(hub, module, cts.Token);
        var recorder = await hub.ClientAsync(Recorder);

        await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var routed = await hub.WaitForAsync(r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput, Patience);
        if (waitForReport)
        {
            await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["uploadedCount"]?.GetValue<long>() == 1, Patience);
        }

        await cts.CancelAsync();
        await run;
        return (routed, ContractJson.Deserialize(routed.Message.Body.Span, ContractsJsonContext.Default.ClipUploaded));
    }
}

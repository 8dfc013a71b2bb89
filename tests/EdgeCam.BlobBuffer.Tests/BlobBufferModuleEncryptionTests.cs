using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer.Tests.Encryption;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>The twin's <c>encryption</c> section end to end: snapshot and clip in, encrypted blobs out, the SDK decrypts them.</summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleEncryptionTests
{
    [Fact]
    public async Task RunAsync_EncryptionEnabledInTheTwin_SnapshotAndClipLandEncryptedAndDecryptWithThePrivateKey()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var owner = OwnerKeys.Create();
        await using var rig = BufferRig.Create("module-encryption", new JsonObject
        {
            ["container"] = "sealed",
            ["encryption"] = new JsonObject { ["enabled"] = true, ["publicKey"] = owner.PublicPem },
        });
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        var jpeg = ClipFiles.Content(30_000, seed: 31);
        var mp4 = ClipFiles.Content((5 * 1024 * 1024) + 3, seed: 32);
        var snapshot = ClipFiles.WriteSnapshot(volume, "cam1", "evt-e", jpeg);
        var clip = ClipFiles.Write(volume, "cam1", "evt-e", mp4);
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cts.Token);

        await (await hub.ClientAsync(Camera)).SendAsync("snapshots", new ModuleMessage(ContractJson.Serialize(snapshot, ContractsJsonContext.Default.SnapshotReady)), cts.Token);
        await (await hub.ClientAsync(Recorder)).SendAsync("clipReady", new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var reported = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["uploadedCount"]?.GetValue<long>() == 2, Patience);
        await cts.CancelAsync();
        await run;

        Assert.Equal(200, reported["lastDesiredStatus"]!["code"]!.GetValue<int>());
        Assert.Equal(64, reported["buffer"]!["encryptionKeyId"]!.GetValue<string>().Length);
        Assert.Equal(jpeg, await OwnerKeys.DownloadDecryptedAsync(azurite, "sealed", "cam1/2026/11/21/evt-e.jpg", owner.PrivatePem));
        Assert.Equal(mp4, await OwnerKeys.DownloadDecryptedAsync(azurite, "sealed", "cam1/2026/11/21/evt-e.mp4", owner.PrivatePem));
        Assert.NotEqual(mp4, (await StoredBlobs.ReadAsync(azurite, "sealed", "cam1/2026/11/21/evt-e.mp4")).Content);
        Assert.NotEqual(jpeg, (await StoredBlobs.ReadAsync(azurite, "sealed", "cam1/2026/11/21/evt-e.jpg")).Content);
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("mistake elsewhere")]
    public async Task RunAsync_TwinAsksForEncryptionButIsRejected_UploadsNothingThenAValidTwinSendsTheClipEncrypted(string fault)
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var owner = OwnerKeys.Create();
        var desired = new JsonObject
        {
            ["container"] = "held",
            ["encryption"] = new JsonObject { ["enabled"] = true, ["publicKey"] = fault == "bad key" ? "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----" : owner.PublicPem },
        };
        if (fault == "mistake elsewhere")
        {
            desired["blockSizeBytes"] = -1;
        }

        await using var rig = BufferRig.Create("module-encryption-hold", desired);
        var (volume, hub) = rig;
        var module = new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System);
        var mp4 = ClipFiles.Content(300_000, seed: 33);
        var clip = ClipFiles.Write(volume, "cam1", "evt-h", mp4);
        using var cts = new CancellationTokenSource(Patience * 3);
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cts.Token);

        await (await hub.ClientAsync(Recorder)).SendAsync("clipReady", new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cts.Token);
        var held = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 1 && r["buffer"]?["uploadsHeld"] is not null, Patience);
        var containerBefore = await StoredBlobs.Container(azurite, "held").ExistsAsync();
        var fixedKey = new JsonObject { ["encryption"] = new JsonObject { ["publicKey"] = owner.PublicPem }, ["blockSizeBytes"] = null };
        await hub.Hub.UpdateDesiredPropertiesAsync(ModuleId, fixedKey, cts.Token);
        var uploaded = await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["uploadedCount"]?.GetValue<long>() == 1, Patience);
        await cts.CancelAsync();
        await run;

        Assert.Equal(400, held["lastDesiredStatus"]!["code"]!.GetValue<int>());
        Assert.Contains(fault == "bad key" ? "publicKey" : "blockSizeBytes", held["buffer"]!["uploadsHeld"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, held["buffer"]!["uploadedCount"]!.GetValue<long>());
        Assert.False(containerBefore.Value, "nothing may reach storage while the twin's encryption is not in force");
        Assert.Null(uploaded["buffer"]!["uploadsHeld"]);
        Assert.Equal(mp4, await OwnerKeys.DownloadDecryptedAsync(azurite, "held", "cam1/2026/11/21/evt-h.mp4", owner.PrivatePem));
        Assert.NotEqual(mp4, (await StoredBlobs.ReadAsync(azurite, "held", "cam1/2026/11/21/evt-h.mp4")).Content);
    }
}

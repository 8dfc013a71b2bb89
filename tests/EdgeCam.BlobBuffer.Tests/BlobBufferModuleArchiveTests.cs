using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using EdgeCam.BlobBuffer.Storage;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.DevKit.Storage;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Azurite;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;
using static EdgeCam.BlobBuffer.Tests.BufferRig;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>
/// The searchable archive on real Azurite, read back with Azure.Storage.Blobs: index tags from the motion messages
/// (Get Blob Tags and a Find Blobs by Tags query), and the access tier of each kind (Get Blob Properties).
/// </summary>
[Trait("Category", "Integration")]
public sealed class BlobBufferModuleArchiveTests
{
    private static readonly DateTimeOffset EventStart = new(2026, 11, 21, 5, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_MotionThenClips_BlobsCarryTheirTagsAndATagQueryFindsTheHighScoreClip()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        await using var rig = BufferRig.Create("tags", new JsonObject { ["container"] = "clips" });
        var (volume, hub) = rig;
        using var cts = new CancellationTokenSource(Patience * 3);
        var run = await StartAsync(hub, new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System), cts.Token);
        var camera = await hub.ClientAsync(Camera);
        var recorder = await hub.ClientAsync(Recorder);

        await camera.SendAsync("motion", Started("cam1", "evtA", 0.2, ["front door", "yard", "pool"]), cts.Token);
        await camera.SendAsync("motion", Ended("cam1", "evtA", 0.65), cts.Token);
        await camera.SendAsync("motion", Started("cam1", "evtB", 0.05, []), cts.Token);
        await camera.SendAsync("motion", Ended("cam1", "evtB", 0.1), cts.Token);
        await camera.SendAsync("motion", Started("cam2", "evtC", 0.9, []), cts.Token);
        var clipA = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "evtA", ClipFiles.Content(100_000, 1), EventStart), cts.Token);
        var clipA2 = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "evtA.part2", ClipFiles.Content(90_000, 2), EventStart.AddMinutes(5)), cts.Token);
        var clipB = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "evtB", ClipFiles.Content(80_000, 3), EventStart), cts.Token);
        var clipC = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam2", "evtC", ClipFiles.Content(70_000, 4), EventStart), cts.Token);
        var footage = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "seg1", ClipFiles.Content(60_000, 5), EventStart) with { Kind = ClipKinds.Footage }, cts.Token);
        var container = StoredBlobs.Container(azurite, "clips");
        var found = new List<string>();
        await foreach (var item in container.FindBlobsByTagsAsync("\"camera\" = 'cam1' AND \"kind\" = 'clip' AND \"score\" > '0.500'"))
        {
            found.Add(item.BlobName);
        }

        var reported = hub.Hub.GetReportedProperties(ModuleId)["buffer"]!.AsObject();
        await cts.CancelAsync();
        await run;

        Assert.Equal(
            Tags(("camera", "cam1"), ("event", "evtA"), ("kind", "clip"), ("score", "0.650"), ("zones", "front_door pool yard")),
            await TagsOfAsync(container, clipA));
        Assert.Equal(await TagsOfAsync(container, clipA), await TagsOfAsync(container, clipA2)); // a later part is the same event
        Assert.Equal(Tags(("camera", "cam1"), ("event", "evtB"), ("kind", "clip"), ("score", "0.100")), await TagsOfAsync(container, clipB));
        Assert.Equal(Tags(("camera", "cam2"), ("event", "evtC"), ("kind", "clip"), ("score", "0.900")), await TagsOfAsync(container, clipC));
        Assert.Equal(Tags(("camera", "cam1"), ("event", "seg1"), ("kind", "footage")), await TagsOfAsync(container, footage));
        Assert.Equal([clipA, clipA2], found.Order(StringComparer.Ordinal));
        Assert.False(reported.ContainsKey("tagsOff"));
    }

    [Fact]
    public async Task RunAsync_MotionBeforeARestart_ClipAfterItStillGetsScoreAndZones()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        using var temp = new TempDirectory("tagsrestart");
        var volume = new SharedVolume(temp.Path);
        await using (var first = CreateHub(new JsonObject()))
        {
            using var cts = new CancellationTokenSource(Patience);
            var run = await StartAsync(first, new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System), cts.Token);
            var camera = await first.ClientAsync(Camera);
            await camera.SendAsync("motion", Started("cam1", "evt1", 0.3, ["drive"]), cts.Token);
            await camera.SendAsync("motion", Ended("cam1", "evt1", 0.42), cts.Token);
            await cts.CancelAsync();
            await run;
        }

        await using var hub = CreateHub(new JsonObject());
        using var again = new CancellationTokenSource(Patience);
        var rerun = await StartAsync(hub, new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System), again.Token);
        var blob = await UploadAsync(hub, await hub.ClientAsync(Recorder), ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(50_000, 6), EventStart), again.Token);
        await again.CancelAsync();
        await rerun;

        Assert.Equal(
            Tags(("camera", "cam1"), ("event", "evt1"), ("kind", "clip"), ("score", "0.420"), ("zones", "drive")),
            await TagsOfAsync(StoredBlobs.Container(azurite, "edgecam"), blob));
    }

    [Fact]
    public async Task RunAsync_AccessTiersPerKind_EachBlobIsCommittedInItsTier()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var tiers = new JsonObject { ["clip"] = "Cool", ["snapshot"] = "hot", ["footage"] = "Archive", ["timelapse"] = "Cold" };
        await using var rig = BufferRig.Create("tiers", new JsonObject { ["accessTiers"] = tiers });
        var (volume, hub) = rig;
        using var cts = new CancellationTokenSource(Patience * 2);
        var run = await StartAsync(hub, new BlobBufferModule(volume, azurite.ConnectionString, NullLoggerFactory.Instance, TimeProvider.System), cts.Token);
        var camera = await hub.ClientAsync(Camera);
        var recorder = await hub.ClientAsync(Recorder);

        var snapshot = ClipFiles.WriteSnapshot(volume, "cam1", "evt1", ClipFiles.Content(20_000, 7), EventStart);
        await camera.SendAsync("snapshots", new ModuleMessage(ContractJson.Serialize(snapshot, ContractsJsonContext.Default.SnapshotReady)), cts.Token);
        var clip = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "evt1", ClipFiles.Content(40_000, 8), EventStart), cts.Token);
        var footage = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "seg1", ClipFiles.Content(40_000, 9), EventStart) with { Kind = ClipKinds.Footage }, cts.Token);
        var timelapse = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "day1", ClipFiles.Content(40_000, 10), EventStart) with { Kind = ClipKinds.Timelapse }, cts.Token);
        var export = await UploadAsync(hub, recorder, ClipFiles.Write(volume, "cam1", "exp1", ClipFiles.Content(40_000, 11), EventStart) with { Kind = ClipKinds.Export }, cts.Token);
        await hub.WaitForReportedAsync(ModuleId, r => r["buffer"]?["pendingCount"]?.GetValue<int>() == 0, Patience); // the snapshot too
        await cts.CancelAsync();
        await run;

        var container = StoredBlobs.Container(azurite, "edgecam");
        Assert.Equal(("Cool", false), await TierOfAsync(container, clip));
        Assert.Equal(("Hot", false), await TierOfAsync(container, "cam1/2026/11/21/evt1.jpg"));
        Assert.Equal(("Archive", false), await TierOfAsync(container, footage));
        Assert.Equal(("Cold", false), await TierOfAsync(container, timelapse));
        Assert.Equal(("Hot", true), await TierOfAsync(container, export)); // no tier sent: the account default, inferred
    }

    [Fact]
    public async Task CommitBlockListAsync_ServiceVersionBeforeTags_CommitsWithoutTagsAndSaysWhy()
    {
        await using var azurite = await AzuriteProcess.StartAsync(AzuriteTools.Directory(), dataDirectory: null, CancellationToken.None);
        var client = new AzureBlockBlobClient(BlobStorageCredential.ParseConnectionString(azurite.ConnectionString), "2019-07-07");
        await client.CreateContainerIfMissingAsync("old", CancellationToken.None);
        var block = EdgeCam.BlobBuffer.Targets.AzureBlobTarget.BlockId(1000, 0);
        var content = ClipFiles.Content(1000, 12);
        await client.StageBlockAsync("old", "cam1/a.mp4", block, content, System.Security.Cryptography.MD5.HashData(content), null, CancellationToken.None);

        await client.CommitBlockListAsync("old", "cam1/a.mp4", [block], new BlobCommitProperties("video/mp4", null, new Dictionary<string, string>()) { Tags = Tags(("camera", "cam1")) }, CancellationToken.None);

        Assert.Empty(await TagsOfAsync(StoredBlobs.Container(azurite, "old"), "cam1/a.mp4"));
        Assert.Equal("blobs are committed without index tags: serviceVersion 2019-07-07 predates them (2019-12-12)", client.TagsOff);
    }

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static async Task<Dictionary<string, string>> TagsOfAsync(BlobContainerClient container, string blobName) =>
        new((await container.GetBlobClient(blobName).GetTagsAsync()).Value.Tags, StringComparer.Ordinal);

    private static async Task<(string? Tier, bool Inferred)> TierOfAsync(BlobContainerClient container, string blobName)
    {
        var properties = (await container.GetBlobClient(blobName).GetPropertiesAsync()).Value;
        return (properties.AccessTier, properties.AccessTierInferred);
    }

    private static async Task<string> UploadAsync(TestHub hub, IModuleClient recorder, ClipReady clip, CancellationToken cancellationToken) =>
        (await SendAndWaitAsync(hub, recorder, clip, cancellationToken)).BlobName;

    private static ModuleMessage Started(string cameraId, string eventId, double score, string[] zones) => ContractMessage.Create(
        new MotionStarted(cameraId, eventId, EventStart, score, []) { Zones = zones },
        ContractsJsonContext.Default.MotionStarted,
        MessageTypes.MotionStarted,
        cameraId,
        eventId + ":started");

    private static ModuleMessage Ended(string cameraId, string eventId, double peak) => ContractMessage.Create(
        new MotionEnded(cameraId, eventId, EventStart, EventStart.AddSeconds(10), peak, 20),
        ContractsJsonContext.Default.MotionEnded,
        MessageTypes.MotionEnded,
        cameraId,
        eventId + ":ended");
}

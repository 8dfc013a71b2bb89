using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing;
using EdgeCam.Testing.Hub;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>
/// What the BlobBuffer module tests stand on: the module's id and the modules that feed it, a TestHub with the deployment
/// template's routes into it (clips from SegmentRecorder, snapshots and motion from CameraCapture), a module started on
/// it (its desired properties applied), clips sent in and their uploads awaited. An instance is one test's temp
/// directory, shared volume and hub (<c>var (volume, hub) = rig;</c>); the test still starts, stops and asserts.
/// Test classes import the members with <c>using static</c>; a class with another patience keeps its own constant.
/// </summary>
internal sealed class BufferRig : IAsyncDisposable
{
    public const string ModuleId = "BlobBuffer";
    public const string Camera = "CameraCapture";
    public const string Recorder = "SegmentRecorder";

    /// <summary>The bound of every wait for the module (its start, an upload).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private BufferRig(TempDirectory temp, TestHub hub)
    {
        Temp = temp;
        Volume = new SharedVolume(temp.Path);
        Hub = hub;
    }

    public TempDirectory Temp { get; }

    public SharedVolume Volume { get; }

    public TestHub Hub { get; }

    /// <summary>A temp directory named after <paramref name="name"/>, its shared volume, and a hub with <paramref name="desired"/> for the module.</summary>
    public static BufferRig Create(string name, JsonObject? desired) => new(new TempDirectory(name), CreateHub(desired));

    /// <summary>A hub with the template's routes into BlobBuffer and <paramref name="desired"/> (null: none) as its desired properties.</summary>
    public static TestHub CreateHub(JsonObject? desired) => TestHub.Create(
        new Dictionary<string, string>
        {
            ["clips"] = $"FROM /messages/modules/{Recorder}/outputs/{BlobBufferModule.ClipReadyInput} INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.ClipReadyInput}\")",
            ["snapshots"] = $"FROM /messages/modules/{Camera}/outputs/snapshots INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.SnapshotReadyInput}\")",
            ["motion"] = $"FROM /messages/modules/{Camera}/outputs/motion WHERE messageType = 'motionStarted' OR messageType = 'motionEnded' INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.MotionInput}\")",
        },
        new Dictionary<string, JsonObject> { [ModuleId] = desired ?? [] });

    /// <summary>Runs <paramref name="module"/> on <paramref name="hub"/>; returns its run once it applied its desired properties (it is open).</summary>
    public static async Task<Task> StartAsync(TestHub hub, BlobBufferModule module, CancellationToken cancellationToken)
    {
        var run = module.RunAsync(await hub.ClientAsync(ModuleId), cancellationToken);
        await hub.WaitForReportedAsync(ModuleId, r => r["lastDesiredStatus"] is not null && r["buffer"] is not null, Patience);
        return run;
    }

    /// <summary>Sends <paramref name="clip"/> as SegmentRecorder does.</summary>
    public static Task SendAsync(IModuleClient recorder, ClipReady clip, CancellationToken cancellationToken) =>
        recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady)), cancellationToken);

    /// <summary>Sends <paramref name="clip"/> and waits for the module's <c>uploaded</c> message of its event.</summary>
    public static async Task<ClipUploaded> SendAndWaitAsync(TestHub hub, IModuleClient recorder, ClipReady clip, CancellationToken cancellationToken)
    {
        await SendAsync(recorder, clip, cancellationToken);
        var routed = await hub.WaitForAsync(
            r => r.FromModuleId == ModuleId && r.OutputName == BlobBufferModule.UploadedOutput
                && r.Message.Read(ContractsJsonContext.Default.ClipUploaded).EventId == clip.EventId,
            Patience);
        return routed.Message.Read(ContractsJsonContext.Default.ClipUploaded);
    }

    public void Deconstruct(out SharedVolume volume, out TestHub hub)
    {
        volume = Volume;
        hub = Hub;
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Temp.Dispose();
    }
}

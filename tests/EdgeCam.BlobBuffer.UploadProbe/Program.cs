// Usage: EdgeCam.BlobBuffer.UploadProbe <shared volume> <clipReady JSON file> <desired properties JSON>
// Runs the real BlobBufferModule (on the in-process hub, as the agent hosts it) with the container SAS URL of
// EDGECAM_STORAGE_SAS_URL and no other credential, hands it one clipReady and uploads until it is killed. The test
// watches the blocks arrive on Azurite and kills it with SIGKILL in the middle of the clip.
using System.Text.Json.Nodes;
using EdgeCam.BlobBuffer;
using EdgeCam.Contracts;
using EdgeCam.Edge.Messaging;
using EdgeCam.Testing.Hub;
using Microsoft.Extensions.Logging.Abstractions;

const string ModuleId = "BlobBuffer";
const string Recorder = "SegmentRecorder";
var options = new BlobBufferOptions { ContainerSasUrl = Environment.GetEnvironmentVariable(BlobBufferOptions.ContainerSasUrlVariable) };
var module = new BlobBufferModule(new SharedVolume(args[0]), options, NullLoggerFactory.Instance, TimeProvider.System);
await using var hub = TestHub.Create(
    new Dictionary<string, string>
    {
        ["clips"] = $"FROM /messages/modules/{Recorder}/outputs/{BlobBufferModule.ClipReadyInput} INTO BrokeredEndpoint(\"/modules/{ModuleId}/inputs/{BlobBufferModule.ClipReadyInput}\")",
    },
    new Dictionary<string, JsonObject> { [ModuleId] = JsonNode.Parse(args[2])!.AsObject() });
var run = module.RunAsync(await hub.ClientAsync(ModuleId), CancellationToken.None);
await hub.WaitForReportedAsync(ModuleId, r => r["lastDesiredStatus"] is not null && r["buffer"] is not null, TimeSpan.FromSeconds(60));
var recorder = await hub.ClientAsync(Recorder);
await recorder.SendAsync(BlobBufferModule.ClipReadyInput, new ModuleMessage(await File.ReadAllBytesAsync(args[1])), CancellationToken.None);
await run;

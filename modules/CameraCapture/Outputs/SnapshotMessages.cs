using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Snapshots;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Outputs;

/// <summary>The message of output <c>snapshots</c>; its id <c>&lt;eventId&gt;:snapshot</c> lets a receiver drop a repeat.</summary>
internal static class SnapshotMessages
{
    public static ModuleMessage Ready(SnapshotReady ready) =>
        ContractMessage.Create(ready, ContractsJsonContext.Default.SnapshotReady, MessageTypes.SnapshotReady, ready.CameraId, ready.EventId + ":snapshot");
}

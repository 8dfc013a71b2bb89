using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Outputs;

/// <summary>The message of output <c>timelapse</c>: a day's video as <c>clipReady</c>, its id <c>&lt;cameraId&gt;/&lt;eventId&gt;/clipReady</c> (as SegmentRecorder's clips) so a receiver drops a repeat.</summary>
internal static class TimelapseMessages
{
    public static ModuleMessage Ready(ClipReady ready) =>
        ContractMessage.Create(ready, ContractsJsonContext.Default.ClipReady, MessageTypes.ClipReady, ready.CameraId, $"{ready.CameraId}/{ready.EventId}/{MessageTypes.ClipReady}");
}

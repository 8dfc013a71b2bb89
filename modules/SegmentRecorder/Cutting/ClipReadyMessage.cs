using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>Wraps a <see cref="ClipReady"/> as the message sent on output <c>clipReady</c>.</summary>
public static class ClipReadyMessage
{
    /// <summary>
    /// The shared contract message shape (JSON, utf-8, messageType/schemaVersion/cameraId). The message id is derived
    /// from the event, so a resend after a restart is recognisable as a duplicate.
    /// </summary>
    public static ModuleMessage Create(ClipReady clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return ContractMessage.Create(clip, ContractsJsonContext.Default.ClipReady, MessageTypes.ClipReady, clip.CameraId, $"{clip.CameraId}/{clip.EventId}/{MessageTypes.ClipReady}");
    }
}

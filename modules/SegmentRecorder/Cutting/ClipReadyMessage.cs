using System.Globalization;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>Wraps a <see cref="ClipReady"/> as the message sent on output <c>clipReady</c>.</summary>
public static class ClipReadyMessage
{
    /// <summary>
    /// JSON body, content type and encoding, and the messageType/schemaVersion/cameraId properties routes filter on.
    /// The message id is derived from the event, so a resend after a restart is recognisable as a duplicate.
    /// </summary>
    public static ModuleMessage Create(ClipReady clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new ModuleMessage(ContractJson.Serialize(clip, ContractsJsonContext.Default.ClipReady))
        {
            MessageId = $"{clip.CameraId}/{clip.EventId}/{MessageTypes.ClipReady}",
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MessageProperties.MessageType] = MessageTypes.ClipReady,
                [MessageProperties.SchemaVersion] = clip.SchemaVersion.ToString(CultureInfo.InvariantCulture),
                [MessageProperties.CameraId] = clip.CameraId,
            },
        };
    }
}

using System.Text.Json;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.WebConsole.Health;

namespace EdgeCam.WebConsole.Timeline;

/// <summary>
/// Hands each module message the console receives to the timeline or the health board, by its <c>messageType</c>.
/// Types the console does not show are ignored; a body that does not parse is skipped (returns false).
/// </summary>
public sealed class MessageDispatch(EventTimeline timeline, HealthBoard health)
{
    /// <summary>Applies <paramref name="message"/>; false when its body is not the contract its type names.</summary>
    public bool Apply(ModuleMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = ContractsJsonContext.Default;
        try
        {
            switch (message.MessageType())
            {
                case MessageTypes.MotionStarted: timeline.Observe(message.Read(json.MotionStarted)); break;
                case MessageTypes.MotionEnded: timeline.Observe(message.Read(json.MotionEnded)); break;
                case MessageTypes.SnapshotReady: timeline.Observe(message.Read(json.SnapshotReady)); break;
                case MessageTypes.ClipReady: timeline.Observe(message.Read(json.ClipReady)); break;
                case MessageTypes.Alert: timeline.Observe(message.Read(json.Alert)); break;
                case MessageTypes.ClipUploaded:
                    var uploaded = message.Read(json.ClipUploaded);
                    timeline.Observe(uploaded);
                    health.Observe(uploaded);
                    break;
                case MessageTypes.CameraHealth: health.Observe(message.Read(json.CameraHealth)); break;
                case MessageTypes.CameraFrameCounts: health.Observe(message.Read(json.CameraFrameCounts)); break;
                case MessageTypes.BufferHealth: health.Observe(message.Read(json.BufferHealth)); break;
                case MessageTypes.StorageHealth: health.Observe(message.Read(json.StorageHealth)); break;
                case MessageTypes.NightVisionChanged: health.Observe(message.Read(json.NightVisionChanged)); break;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

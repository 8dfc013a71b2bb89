using EdgeCam.Contracts;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Outputs;

/// <summary>
/// The messages of output <c>motion</c>. A live event and one finished from the journal after a crash get the same
/// message ids (<c>&lt;eventId&gt;:started</c>, <c>&lt;eventId&gt;:ended</c>), so a receiver that saw one already can drop the repeat.
/// </summary>
internal static class MotionMessages
{
    public const string OutputName = "motion";

    public static ModuleMessage Started(MotionStarted started) =>
        ContractMessage.Create(started, ContractsJsonContext.Default.MotionStarted, MessageTypes.MotionStarted, started.CameraId, started.EventId + ":started");

    public static ModuleMessage Ended(MotionEnded ended) =>
        ContractMessage.Create(ended, ContractsJsonContext.Default.MotionEnded, MessageTypes.MotionEnded, ended.CameraId, ended.EventId + ":ended");
}

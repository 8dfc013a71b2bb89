using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// Where the in-process hub sends messages routed <c>INTO $upstream</c>: IoT Hub when the agent has an identity,
/// otherwise the console and an alerts file.
/// </summary>
public interface IUpstreamSink
{
    /// <summary>Takes one message sent by <paramref name="fromModuleId"/>; the hub waits for it (back-pressure).</summary>
    Task SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken);
}

using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Agent.Outbox;

/// <summary><c>$upstream</c> with an IoT Hub identity: a message is accepted once it is on disk in the <see cref="Outbox"/>.</summary>
public sealed class OutboxUpstream(Outbox outbox) : IUpstreamSink
{
    public Task SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(fromModuleId, message, cancellationToken);
}

using System.Collections.Concurrent;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Testing.Hub;

/// <summary>An upstream that keeps what it received.</summary>
public sealed class RecordingUpstreamSink : IUpstreamSink
{
    private readonly ConcurrentQueue<(string From, ModuleMessage Message)> _received = new();

    public IReadOnlyList<(string From, ModuleMessage Message)> Received => [.. _received];

    public Task SendAsync(string fromModuleId, ModuleMessage message, CancellationToken cancellationToken)
    {
        _received.Enqueue((fromModuleId, message));
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;

namespace EdgeCam.CameraCapture.Tests.Fakes;

/// <summary>
/// A module client that records what a module sends and reports, and lets a test push desired properties.
/// (Stands in until the in-process hub lands in EdgeCam.Edge.)
/// </summary>
internal sealed class RecordingModuleClient(string moduleId, JsonObject desired) : IModuleClient
{
    private DesiredPropertiesHandler? _desiredHandler;

    public string ModuleId { get; } = moduleId;

    public ConcurrentQueue<(string Output, ModuleMessage Message)> Sent { get; } = new();

    public ConcurrentQueue<JsonObject> ReportedPatches { get; } = new();

    /// <summary>Every message as it is sent, for tests that wait for one.</summary>
    public Channel<(string Output, ModuleMessage Message)> Stream { get; } = Channel.CreateUnbounded<(string, ModuleMessage)>();

    public void SetInputHandler(string inputName, InputHandler handler)
    {
    }

    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler) => _desiredHandler = handler;

    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
    }

    public Task OpenAsync(CancellationToken cancellationToken)
        => _desiredHandler?.Invoke(new DesiredPropertiesUpdate(desired, IsFullDocument: true), cancellationToken) ?? Task.CompletedTask;

    public Task PatchDesiredAsync(JsonObject patch, CancellationToken cancellationToken)
        => _desiredHandler!.Invoke(new DesiredPropertiesUpdate(patch, IsFullDocument: false), cancellationToken);

    public Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue((outputName, message));
        Stream.Writer.TryWrite((outputName, message));
        return Task.CompletedTask;
    }

    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => Task.FromResult(new TwinDocument(desired, []));

    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        ReportedPatches.Enqueue((JsonObject)patch.DeepClone());
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

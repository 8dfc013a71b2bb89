using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;

namespace EdgeCam.SegmentRecorder.Tests.Fakes;

/// <summary>
/// An <see cref="IModuleClient"/> that records what a module sends and reports, and lets a test deliver input messages
/// and desired properties. OpenAsync hands the handler the full desired section, as the real clients do.
/// </summary>
internal sealed class FakeModuleClient : IModuleClient
{
    private readonly ConcurrentDictionary<string, InputHandler> _inputs = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DesiredPropertiesHandler? _desired;

    public FakeModuleClient(string moduleId = "SegmentRecorder", JsonObject? desired = null)
    {
        ModuleId = moduleId;
        Desired = desired ?? new JsonObject { ["$version"] = 1 };
    }

    public string ModuleId { get; }

    public JsonObject Desired { get; }

    public Channel<(string Output, ModuleMessage Message)> Sent { get; } = Channel.CreateUnbounded<(string, ModuleMessage)>();

    public ConcurrentQueue<JsonObject> Reported { get; } = new();

    public Task Opened => _opened.Task;

    public void SetInputHandler(string inputName, InputHandler handler) => _inputs[inputName] = handler;

    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler) => _desired = handler;

    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
    }

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_desired is not null)
        {
            await _desired(new DesiredPropertiesUpdate((JsonObject)Desired.DeepClone(), IsFullDocument: true), cancellationToken);
        }

        _opened.TrySetResult();
    }

    public Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken) =>
        Sent.Writer.WriteAsync((outputName, message), cancellationToken).AsTask();

    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => Task.FromResult(new TwinDocument(Desired, []));

    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        Reported.Enqueue((JsonObject)patch.DeepClone());
        return Task.CompletedTask;
    }

    /// <summary>Delivers <paramref name="message"/> to the module's handler of <paramref name="input"/>.</summary>
    public Task DeliverAsync(string input, ModuleMessage message, CancellationToken cancellationToken = default) =>
        _inputs.TryGetValue(input, out var handler) ? handler(message, cancellationToken) : throw new InvalidOperationException($"No handler on input '{input}'.");

    /// <summary>Delivers a desired-properties patch.</summary>
    public Task PatchDesiredAsync(JsonObject patch, CancellationToken cancellationToken = default) =>
        _desired!(new DesiredPropertiesUpdate(patch, IsFullDocument: false), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

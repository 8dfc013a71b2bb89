using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;

namespace EdgeCam.BlobBuffer.Tests;

/// <summary>Records what a module sends and reports, and lets a test deliver input messages and desired properties.</summary>
internal sealed class FakeModuleClient : IModuleClient
{
    private readonly Dictionary<string, InputHandler> _inputs = new(StringComparer.Ordinal);
    private readonly JsonObject _desired;
    private DesiredPropertiesHandler? _desiredHandler;

    public FakeModuleClient(JsonObject? desired = null)
    {
        _desired = desired ?? [];
    }

    public string ModuleId => "BlobBuffer";

    public Channel<(string Output, ModuleMessage Message)> Sent { get; } = Channel.CreateUnbounded<(string, ModuleMessage)>();

    public JsonObject Reported { get; } = [];

    public List<JsonObject> ReportedPatches { get; } = [];

    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void SetInputHandler(string inputName, InputHandler handler) => _inputs[inputName] = handler;

    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler) => _desiredHandler = handler;

    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
    }

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_desiredHandler is not null)
        {
            await _desiredHandler(new DesiredPropertiesUpdate((JsonObject)_desired.DeepClone(), IsFullDocument: true), cancellationToken);
        }

        Opened.TrySetResult();
    }

    public Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken) =>
        Sent.Writer.WriteAsync((outputName, message), cancellationToken).AsTask();

    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new TwinDocument((JsonObject)_desired.DeepClone(), (JsonObject)Reported.DeepClone()));

    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        lock (Reported)
        {
            ReportedPatches.Add((JsonObject)patch.DeepClone());
            Merge(Reported, patch);
        }

        return Task.CompletedTask;
    }

    public Task DeliverAsync(string inputName, ModuleMessage message, CancellationToken cancellationToken) =>
        _inputs[inputName](message, cancellationToken);

    public Task PatchDesiredAsync(JsonObject patch, CancellationToken cancellationToken) =>
        _desiredHandler!(new DesiredPropertiesUpdate(patch, IsFullDocument: false), cancellationToken);

    public JsonNode? ReportedValue(string section, string name)
    {
        lock (Reported)
        {
            return (Reported[section] as JsonObject)?[name]?.DeepClone();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child && target[name] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}

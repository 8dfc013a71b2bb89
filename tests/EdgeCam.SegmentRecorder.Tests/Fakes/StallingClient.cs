using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.SegmentRecorder.Tests.Fakes;

/// <summary>
/// A module client whose sends on one output never complete (the receiver never accepts), standing in for a module that
/// dies while it waits, or fail with an <see cref="IOException"/> (<paramref name="fail"/>: the receiver closed without
/// taking the message): everything else goes to the real client.
/// </summary>
internal sealed class StallingClient(IModuleClient inner, string stalledOutput, bool fail = false) : IModuleClient
{
    private readonly TaskCompletionSource<ModuleMessage> _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first message sent on the stalled output.</summary>
    public Task<ModuleMessage> Stalled => _stalled.Task;

    public string ModuleId => inner.ModuleId;

    public void SetInputHandler(string inputName, InputHandler handler) => inner.SetInputHandler(inputName, handler);

    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler) => inner.SetDesiredPropertiesHandler(handler);

    public void SetMethodHandler(string methodName, MethodHandler handler) => inner.SetMethodHandler(methodName, handler);

    public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public async Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        if (outputName != stalledOutput)
        {
            await inner.SendAsync(outputName, message, cancellationToken);
            return;
        }

        _stalled.TrySetResult(message);
        if (fail)
        {
            throw new IOException("the receiver closed without taking the message");
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => inner.GetTwinAsync(cancellationToken);

    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken) => inner.UpdateReportedPropertiesAsync(patch, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

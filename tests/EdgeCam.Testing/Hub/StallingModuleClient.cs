using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Testing.Hub;

/// <summary>
/// A module client whose sends on one output never complete until cancelled (a transport that took the message and
/// never acknowledged it, a module that dies while it waits), or fail with an <see cref="IOException"/> when
/// <paramref name="fail"/> is set (the receiver closed without taking the message). Everything else goes to the real
/// client underneath.
/// </summary>
public sealed class StallingModuleClient(IModuleClient inner, string stalledOutput, bool fail = false) : IModuleClient
{
    private readonly TaskCompletionSource<ModuleMessage> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stalled;

    /// <summary>Sends that reached the stalled output so far.</summary>
    public int StalledCount => Volatile.Read(ref _stalled);

    /// <summary>The first message sent on the stalled output.</summary>
    public Task<ModuleMessage> FirstStalled => _first.Task;

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

        Interlocked.Increment(ref _stalled);
        _first.TrySetResult(message);
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

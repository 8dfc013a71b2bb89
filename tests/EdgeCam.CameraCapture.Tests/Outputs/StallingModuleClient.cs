using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.CameraCapture.Tests.Outputs;

/// <summary>
/// A module client whose sends on one output never complete until cancelled (a transport that took the message and
/// never acknowledged it); everything else goes to the real client underneath.
/// </summary>
internal sealed class StallingModuleClient(IModuleClient inner, string stalledOutput) : IModuleClient
{
    private int _stalled;

    /// <summary>Sends that reached the stalled output so far.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

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
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => inner.GetTwinAsync(cancellationToken);

    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken) => inner.UpdateReportedPropertiesAsync(patch, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

using System.Text.Json.Nodes;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.InProcess;

/// <summary>
/// A module's client on the <see cref="InProcessHub"/>: sends go through the deployment's routes, inputs arrive through
/// bounded per-input queues, and the twin and methods live in the hub. Disposing it drains the module's inputs.
/// </summary>
public sealed class InProcessModuleClient : IModuleClient
{
    private readonly InProcessHub _hub;
    private readonly ModuleEndpoint _endpoint;

    internal InProcessModuleClient(InProcessHub hub, ModuleEndpoint endpoint)
    {
        _hub = hub;
        _endpoint = endpoint;
    }

    /// <inheritdoc />
    public string ModuleId => _endpoint.ModuleId;

    /// <inheritdoc />
    public void SetInputHandler(string inputName, InputHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        ArgumentNullException.ThrowIfNull(handler);
        _endpoint.SetInputHandler(inputName, handler);
    }

    /// <inheritdoc />
    public void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _endpoint.SetDesiredPropertiesHandler(handler);
    }

    /// <inheritdoc />
    public void SetMethodHandler(string methodName, MethodHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(handler);
        _endpoint.SetMethodHandler(methodName, handler);
    }

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken) => _endpoint.OpenAsync(cancellationToken);

    /// <inheritdoc />
    /// <exception cref="MessageTooLargeException">The message is bigger than <see cref="ModuleMessage.MaxSizeBytes"/>.</exception>
    public Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputName);
        ArgumentNullException.ThrowIfNull(message);
        return _hub.RouteAsync(ModuleId, outputName, message, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken) => Task.FromResult(_endpoint.Twin.Document());

    /// <inheritdoc />
    public Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        _endpoint.Twin.MergeReported(patch);
        return Task.CompletedTask;
    }

    /// <summary>Stops the module's inputs after their handlers took what was queued.</summary>
    public async ValueTask DisposeAsync() => await _endpoint.CloseAsync();
}

using System.Text.Json.Nodes;

namespace EdgeCam.Edge.Messaging;

/// <summary>
/// What a module sees of IoT Edge: named outputs and inputs, its twin and direct methods.
/// <para>
/// Two implementations: the in-process hub of the agent (<c>InProcess/</c>), which routes by the
/// <c>$edgeHub</c> routes of deployment.template.json, and the MQTT client for edgeHub and IoT Hub.
/// Handlers are registered before <see cref="OpenAsync"/>; after every (re)connect the client fetches the full
/// twin and hands its desired properties to the desired-properties handler, because patches made while
/// offline are never replayed.
/// </para>
/// </summary>
public interface IModuleClient : IAsyncDisposable
{
    /// <summary>The module id, as in the deployment manifest (for example <c>CameraCapture</c>).</summary>
    string ModuleId { get; }

    /// <summary>Registers the handler for messages arriving on the named input. One handler per input.</summary>
    void SetInputHandler(string inputName, InputHandler handler);

    /// <summary>Registers the handler for desired-property patches (and the full desired section after each connect).</summary>
    void SetDesiredPropertiesHandler(DesiredPropertiesHandler handler);

    /// <summary>Registers the handler of a direct method. One handler per method name.</summary>
    void SetMethodHandler(string methodName, MethodHandler handler);

    /// <summary>Connects, subscribes and delivers the full desired properties to the handler once.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Sends a message on the named output; the routes decide where it goes.</summary>
    Task SendAsync(string outputName, ModuleMessage message, CancellationToken cancellationToken);

    /// <summary>Reads the whole twin.</summary>
    Task<TwinDocument> GetTwinAsync(CancellationToken cancellationToken);

    /// <summary>Merges a patch into the reported properties (a JSON null removes a property).</summary>
    Task UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken);
}

/// <summary>
/// Handles one message from an input. Throwing is logged by the client; the message is not retried.
/// <para>
/// Over MQTT (edgeHub, or IoT Hub C2D for a device) the message is acknowledged only after this handler returned or
/// threw: a thrown message is acknowledged all the same, so a poison message does not come back forever. A message
/// whose handler did not finish (the process died, the connection dropped, the client closed and cancelled it) is
/// delivered again after the reconnect, so a handler may see a message twice and should tolerate it. A handler that
/// cannot take a message now (its module is stopping) throws <see cref="MessageNotTakenException"/>: the message is
/// then left unacknowledged.
/// </para>
/// </summary>
public delegate Task InputHandler(ModuleMessage message, CancellationToken cancellationToken);

/// <summary>Handles desired properties; The update carries <c>$version</c>.</summary>
public delegate Task DesiredPropertiesHandler(DesiredPropertiesUpdate update, CancellationToken cancellationToken);

/// <summary>Handles a direct method call.</summary>
public delegate Task<MethodResponse> MethodHandler(MethodRequest request, CancellationToken cancellationToken);

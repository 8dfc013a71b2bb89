using EdgeCam.Edge.Messaging;

namespace EdgeCam.Edge.Hosting;

/// <summary>
/// One EdgeCam module: given a client, it registers its handlers, opens the client and runs until cancelled.
/// The same class runs as an IoT Edge container (one module per process) and inside the agent (all in one).
/// </summary>
public interface IEdgeModule
{
    /// <summary>Registers handlers on <paramref name="client"/>, opens it and runs until <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(IModuleClient client, CancellationToken cancellationToken);
}

/// <summary>Creates the client of a module: in-process in the agent, MQTT to edgeHub in a container.</summary>
public interface IModuleClientFactory
{
    /// <summary>Creates (but does not open) the client for <paramref name="moduleId"/>.</summary>
    Task<IModuleClient> CreateAsync(string moduleId, CancellationToken cancellationToken);
}

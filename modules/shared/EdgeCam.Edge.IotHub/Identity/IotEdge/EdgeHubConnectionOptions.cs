using EdgeCam.Edge.IotHub;

namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>
/// How a module reaches edgeHub: the gateway's MQTT port, TLS verified against the trust bundle from the workload
/// API (fetched once, on first use, and written to <c>{directory}/edgecam-trust-bundle-{module}.pem</c>). Without a
/// gateway the module connects to IoT Hub itself and verifies against the system store.
/// </summary>
public sealed class EdgeHubConnectionOptions : IDisposable
{
    private readonly IotEdgeEnvironment _environment;
    private readonly WorkloadApiClient _workload;
    private readonly IotHubClientOptions _template;
    private readonly string _directory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IotHubClientOptions? _resolved;

    /// <param name="environment">The module's IoT Edge environment.</param>
    /// <param name="workload">The workload API (trust bundle).</param>
    /// <param name="template">Options to start from (port, timeouts); the CA is filled in here.</param>
    /// <param name="trustBundleDirectory">Where the trust bundle file goes.</param>
    public EdgeHubConnectionOptions(IotEdgeEnvironment environment, WorkloadApiClient workload, IotHubClientOptions template, string trustBundleDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentException.ThrowIfNullOrEmpty(trustBundleDirectory);
        _environment = environment;
        _workload = workload;
        _template = template;
        _directory = trustBundleDirectory;
    }

    /// <summary>The options, fetching the trust bundle the first time.</summary>
    /// <exception cref="WorkloadApiException">The trust bundle could not be fetched or holds no certificate.</exception>
    public async Task<IotHubClientOptions> GetAsync(CancellationToken cancellationToken)
    {
        if (_resolved is { } resolved)
        {
            return resolved;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_environment.GatewayHostName is null)
            {
                return _resolved = _template;
            }

            var pem = await _workload.GetTrustBundleAsync(cancellationToken);
            var file = await TrustBundleFile.WriteAsync(pem, _directory, $"edgecam-trust-bundle-{_environment.ModuleId}.pem", cancellationToken);
            return _resolved = _template with { CaFile = file, CaDirectory = null };
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

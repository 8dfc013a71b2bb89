using System.Text;
using EdgeCam.Edge.IotHub;

namespace EdgeCam.Edge.Identity.IotEdge;

/// <summary>
/// A module identity under IoT Edge: SAS tokens for <c>{hub}/devices/{d}/modules/{m}</c> signed by the workload API
/// (the module never sees its key), connecting to edgeHub at <c>IOTEDGE_GATEWAYHOSTNAME</c>.
/// </summary>
public sealed class IotEdgeModuleCredentials : IIotHubCredentials
{
    private readonly IotEdgeEnvironment _environment;
    private readonly WorkloadApiClient _workload;
    private readonly TimeProvider _time;

    public IotEdgeModuleCredentials(IotEdgeEnvironment environment, WorkloadApiClient workload, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _environment = environment;
        _workload = workload;
        _time = timeProvider;
    }

    public string HostName => _environment.IotHubHostName;

    public string DeviceId => _environment.DeviceId;

    public string? ModuleId => _environment.ModuleId;

    public string? GatewayHostName => _environment.GatewayHostName;

    /// <exception cref="WorkloadApiException">The workload API would not sign.</exception>
    public async Task<string> CreateSasTokenAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var resource = SasToken.ResourceUri(HostName, DeviceId, ModuleId);
        long expiry = (_time.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        var data = Encoding.UTF8.GetBytes(SasToken.StringToSign(resource, expiry));
        var digest = await _workload.SignAsync(_environment.ModuleId, _environment.GenerationId, data, cancellationToken);
        return SasToken.Format(resource, digest, expiry);
    }

    public override string ToString() => $"IoT Edge module {DeviceId}/{ModuleId} via {GatewayHostName ?? HostName}";
}

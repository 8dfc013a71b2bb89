namespace EdgeCam.Edge.IotHub;

/// <summary>
/// Who the client is and how it proves it. Implemented from a connection string
/// (<see cref="ConnectionStringCredentials"/>), and elsewhere from DPS or the IoT Edge workload API (sign endpoint).
/// </summary>
public interface IIotHubCredentials
{
    /// <summary>The IoT Hub host name (<c>{hub}.azure-devices.net</c>): the SAS audience.</summary>
    string HostName { get; }

    /// <summary>The device id.</summary>
    string DeviceId { get; }

    /// <summary>The module id, or null for a device identity.</summary>
    string? ModuleId { get; }

    /// <summary>The edgeHub host to connect to instead of <see cref="HostName"/> (IoT Edge modules, downstream devices), or null.</summary>
    string? GatewayHostName { get; }

    /// <summary>A SAS token valid for <paramref name="lifetime"/> from now. Never log it.</summary>
    Task<string> CreateSasTokenAsync(TimeSpan lifetime, CancellationToken cancellationToken);
}

namespace EdgeCam.Edge.IotHub;

/// <summary>Signs SAS tokens locally with the symmetric key of a device or module connection string.</summary>
public sealed class ConnectionStringCredentials : IIotHubCredentials
{
    private readonly IotHubConnectionString _connectionString;
    private readonly TimeProvider _timeProvider;

    public ConnectionStringCredentials(IotHubConnectionString connectionString, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _connectionString = connectionString;
        _timeProvider = timeProvider;
    }

    /// <summary>Parses <paramref name="connectionString"/> (see <see cref="IotHubConnectionString.Parse"/>).</summary>
    public static ConnectionStringCredentials Parse(string connectionString, TimeProvider? timeProvider = null) =>
        new(IotHubConnectionString.Parse(connectionString), timeProvider ?? TimeProvider.System);

    public string HostName => _connectionString.HostName;

    public string DeviceId => _connectionString.DeviceId;

    public string? ModuleId => _connectionString.ModuleId;

    public string? GatewayHostName => _connectionString.GatewayHostName;

    public Task<string> CreateSasTokenAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var uri = SasToken.ResourceUri(HostName, DeviceId, ModuleId);
        var expiry = _timeProvider.GetUtcNow() + lifetime;
        return Task.FromResult(SasToken.Create(uri, _connectionString.SharedAccessKey, expiry, _connectionString.SharedAccessKeyName));
    }

    public override string ToString() => _connectionString.ToString();
}

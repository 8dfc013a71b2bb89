using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Mqtt.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Identity;

/// <summary>
/// Creates <see cref="IotHubModuleClient"/>s for one identity (a module under IoT Edge, or a connection string). The
/// identity decides the module id on the wire: a module registered as <c>CameraCapture</c> but deployed as
/// <c>CameraCaptureGarage</c> runs as <c>CameraCaptureGarage</c>, the name in its <c>IOTEDGE_MODULEID</c>.
/// </summary>
public sealed partial class IotHubModuleClientFactory : IModuleClientFactory
{
    private readonly IIotHubCredentials _credentials;
    private readonly Func<CancellationToken, Task<IotHubClientOptions>> _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    /// <param name="credentials">Who connects.</param>
    /// <param name="options">Connection options, resolved on first use (for example after fetching the trust bundle).</param>
    /// <param name="timeProvider">Clock for tokens and retries.</param>
    /// <param name="loggerFactory">Loggers for the client and its MQTT connections.</param>
    public IotHubModuleClientFactory(
        IIotHubCredentials credentials,
        Func<CancellationToken, Task<IotHubClientOptions>> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _credentials = credentials;
        _options = options;
        _time = timeProvider;
        _loggers = loggerFactory;
        _logger = loggerFactory.CreateLogger<IotHubModuleClientFactory>();
    }

    /// <summary>The identity the clients connect with.</summary>
    public IIotHubCredentials Credentials => _credentials;

    /// <inheritdoc />
    public async Task<IModuleClient> CreateAsync(string moduleId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        var options = await _options(cancellationToken);
        var identity = _credentials.ModuleId ?? _credentials.DeviceId;
        LogCreating(_logger, moduleId, _credentials.DeviceId, identity, _credentials.GatewayHostName ?? _credentials.HostName, options.Port);
        return new IotHubModuleClient(
            _credentials,
            options,
            () => new MosquittoConnection(_loggers.CreateLogger<MosquittoConnection>()),
            _time,
            _loggers.CreateLogger<IotHubModuleClient>());
    }

    [LoggerMessage(411, LogLevel.Information, "Module {ModuleName} runs as {DeviceId}/{Identity} on {Host}:{Port}")]
    private static partial void LogCreating(ILogger logger, string moduleName, string deviceId, string identity, string host, int port);
}

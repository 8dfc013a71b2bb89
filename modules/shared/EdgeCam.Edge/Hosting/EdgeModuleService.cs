using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Hosting;

/// <summary>Runs one <see cref="IEdgeModule"/> as a hosted service under the module id it has in the deployment.</summary>
public sealed partial class EdgeModuleService<TModule> : BackgroundService, IModuleService
    where TModule : IEdgeModule
{
    private readonly string _moduleId;
    private readonly TModule _module;
    private readonly IModuleClientFactory _clientFactory;
    private readonly ILogger _logger;

    public EdgeModuleService(string moduleId, TModule module, IModuleClientFactory clientFactory, ILogger<EdgeModuleService<TModule>> logger)
    {
        _moduleId = moduleId;
        _module = module;
        _clientFactory = clientFactory;
        _logger = logger;
    }

    /// <inheritdoc />
    public string ModuleId => _moduleId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using IModuleClient client = await _clientFactory.CreateAsync(_moduleId, stoppingToken);
        LogStarting(_moduleId, typeof(TModule).Name);
        try
        {
            await _module.RunAsync(client, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }

        LogStopped(_moduleId);
    }

    [LoggerMessage(1, LogLevel.Information, "Module {ModuleId} starting ({ModuleType})")]
    private partial void LogStarting(string moduleId, string moduleType);

    [LoggerMessage(2, LogLevel.Information, "Module {ModuleId} stopped")]
    private partial void LogStopped(string moduleId);
}

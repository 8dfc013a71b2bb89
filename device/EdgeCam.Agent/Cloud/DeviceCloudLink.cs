using System.Text.Json.Nodes;
using EdgeCam.Agent.Firmware;
using EdgeCam.Agent.Outbox;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.IotHub;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Cloud;

/// <summary>
/// The agent's connection to IoT Hub as a device: the device twin's per-module sections
/// (<see cref="DeviceTwinSections"/>) are applied to the in-process modules' desired properties, and the
/// <see cref="Outbox"/> drains to IoT Hub. It connects in the background: the modules run (and alerts are stored)
/// while IoT Hub is unreachable. A refused identity is logged once; the modules keep running locally.
/// </summary>
public sealed partial class DeviceCloudLink : IAsyncDisposable
{
    private readonly IModuleClient _client;
    private readonly Outbox.Outbox _outbox;
    private readonly string _cachePath;
    private readonly IReadOnlyCollection<string> _modules;
    private readonly OutboxSender _sender;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _applied = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private JsonObject _cache;
    private Task _running = Task.CompletedTask;

    public DeviceCloudLink(IModuleClient deviceClient, Outbox.Outbox outbox, IReadOnlyCollection<string> moduleNames, string cachePath, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(deviceClient);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _client = deviceClient;
        _outbox = outbox;
        _modules = moduleNames;
        _cachePath = cachePath;
        _logger = loggerFactory.CreateLogger<DeviceCloudLink>();
        _sender = new OutboxSender(outbox, deviceClient, timeProvider, loggerFactory.CreateLogger<OutboxSender>());
        _cache = DeviceTwinSections.LoadCache(cachePath);
        foreach (var (module, section) in DeviceTwinSections.Split(_cache, moduleNames))
        {
            _applied[module] = section.ToJsonString();
        }
    }

    /// <summary>The per-module overrides from the last device twin seen (cached on disk): apply them when building the host.</summary>
    public IReadOnlyDictionary<string, JsonObject> CachedOverrides => DeviceTwinSections.Split(_cache, _modules);

    /// <summary>
    /// Gets the device twin's desired <c>firmware</c> section (null when absent) after each full twin and each patch
    /// touching it (the agent's own section, beside the module sections); set before <see cref="StartAsync"/>.
    /// </summary>
    public Func<JsonObject?, CancellationToken, Task>? FirmwareSection { get; init; }

    /// <summary>Merges <paramref name="patch"/> into the device twin's reported properties; waits for the connection.</summary>
    public Task ReportAsync(JsonObject patch, CancellationToken cancellationToken) => _client.UpdateReportedPropertiesAsync(patch, cancellationToken);

    /// <summary>Messages sent to IoT Hub since start.</summary>
    public long SentCount => _sender.SentCount;

    /// <summary>Connects in the background and starts forwarding twin sections to <paramref name="hub"/> and the outbox to IoT Hub.</summary>
    public Task StartAsync(InProcessHub hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        cancellationToken.ThrowIfCancellationRequested();
        _client.SetDesiredPropertiesHandler((update, ct) => ApplyAsync(hub, update, ct));
        var stopping = _stopping.Token;
        _running = Task.Run(() => RunAsync(stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        await _client.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            try
            {
                await _client.OpenAsync(stopping);
                LogConnected(_logger, _client.ModuleId, _outbox.Count);
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or IotHubStatusException or IotHubProtocolException)
            {
                // Connected, then the first twin fetch failed: the client is open and keeps reconnecting with its
                // backoff, and fetches the twin again after each reconnect. Alerts must not wait for settings.
                LogFirstTwinFailed(_logger, ex.Message);
            }

            await _sender.RunAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (IotHubAuthenticationException ex)
        {
            LogRefused(_logger, ex.Message);
        }
    }

    private async Task ApplyAsync(InProcessHub hub, DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        var sections = DeviceTwinSections.Split(update.Properties, _modules);
        foreach (var (module, section) in sections)
        {
            var json = section.ToJsonString();
            if (update.IsFullDocument && _applied.TryGetValue(module, out var applied) && applied == json)
            {
                continue; // the modules started with these settings (from the cache)
            }

            await hub.UpdateDesiredPropertiesAsync(module, section, cancellationToken);
            _applied[module] = update.IsFullDocument || !_applied.TryGetValue(module, out var before)
                ? json
                : JsonMergePatch.Merge(JsonNode.Parse(before)!.AsObject(), section).ToJsonString();
            LogApplied(_logger, module, update.Version, update.IsFullDocument ? "full twin" : "patch");
        }

        if (update.IsFullDocument)
        {
            _cache = update.Properties.DeepClone().AsObject();
        }
        else
        {
            JsonMergePatch.Apply(_cache, update.Properties);
        }

        await DeviceTwinSections.SaveCacheAsync(_cachePath, _cache, cancellationToken);
        if (FirmwareSection is { } firmware && (update.IsFullDocument || update.Properties.ContainsKey(FirmwareSettings.SectionName)))
        {
            await firmware(_cache[FirmwareSettings.SectionName] as JsonObject, cancellationToken);
        }
    }

    [LoggerMessage(521, LogLevel.Information, "Connected to IoT Hub as device {DeviceId}; {Waiting} upstream messages waiting in the outbox")]
    private static partial void LogConnected(ILogger logger, string deviceId, int waiting);

    [LoggerMessage(522, LogLevel.Error, "IoT Hub refused the device identity; the modules keep running and alerts stay in the outbox: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(528, LogLevel.Warning, "Connected to IoT Hub but the first device twin fetch failed ({Reason}); the outbox drains, and the twin is fetched again after the next reconnect")]
    private static partial void LogFirstTwinFailed(ILogger logger, string reason);

    [LoggerMessage(523, LogLevel.Information, "Device twin ({Source}, $version {Version}) applied to module {Module}")]
    private static partial void LogApplied(ILogger logger, string module, long version, string source);
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.NightVision;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Alerts;
using EdgeCam.EventRouter.HomeAssistant;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.EventRouter.Sinks;
using EdgeCam.EventRouter.Sinks.IotHub;
using EdgeCam.EventRouter.Sinks.Mqtt;
using EdgeCam.EventRouter.Sinks.Webhook;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.EventRouter;

/// <summary>
/// Decides who hears about an event: turns motion starts (and failed cameras) into alerts and hands each to every sink
/// (output <c>alerts</c> to <c>$upstream</c>, the local MQTT broker, a webhook), each with its own queue; keeps Home
/// Assistant's entities on the local broker up to date.
/// </summary>
public sealed partial class EventRouterModule : IEdgeModule
{
    /// <summary>Input names, as used in deployment.template.json routes.</summary>
    public const string MotionInput = "motion";
    public const string ClipReadyInput = "clipReady";
    public const string UploadedInput = "uploaded";
    public const string HealthInput = "health";
    public const string NightVisionInput = "nightVision";

    /// <summary>Output name of alerts.</summary>
    public const string AlertsOutput = IotHubSink.Output;

    private readonly AlertThrottle _throttle;
    private readonly Lock _throttleLock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly EventRouterEnvironment _environment;
    private TwinSettingsBinding<EventRouterSettings>? _settings;
    private AlertFanOut? _sinks;
    private HomeAssistantBridge? _homeAssistant;

    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger)
        : this(time, logger, NullLoggerFactory.Instance, EventRouterEnvironment.None)
    {
    }

    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger, ILoggerFactory loggers, EventRouterEnvironment environment)
    {
        _throttle = new AlertThrottle(time);
        _time = time;
        _logger = logger;
        _loggers = loggers;
        _environment = environment;
    }

    private EventRouterSettings Settings => _settings?.Current ?? EventRouterSettings.Default;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        _settings = TwinSettingsBinding.Create(client, EventRouterSettings.Read, _logger);
        var link = new LocalMqttLink(() => Settings.Mqtt, _environment.MqttPassword, _environment.Device, _environment.CreateMqttClient, _time, _loggers.CreateLogger<LocalMqttLink>());
        _homeAssistant = new HomeAssistantBridge(link, () => Settings.HomeAssistant, _environment.Volume, _loggers.CreateLogger<HomeAssistantBridge>());
        using var webhook = new WebhookSink(() => Settings.Webhook, _environment.WebhookToken);
        _sinks = new AlertFanOut([.. new IAlertSink[] { new IotHubSink(client), new MqttAlertSink(link), webhook }
            .Select(sink => new SinkWorker(sink, _time, _loggers.CreateLogger<SinkWorker>()))]);
        client.SetInputHandler(MotionInput, OnMotionAsync);
        client.SetInputHandler(HealthInput, OnHealthAsync);
        client.SetInputHandler(ClipReadyInput, OnClipReadyAsync);
        client.SetInputHandler(UploadedInput, OnUploadedAsync);
        client.SetInputHandler(NightVisionInput, OnNightVisionAsync);
        await client.OpenAsync(cancellationToken);
        await Task.WhenAll(link.RunAsync(cancellationToken), _homeAssistant.RunAsync(cancellationToken), _sinks.RunAsync(cancellationToken));
    }

    private Task OnMotionAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageType() != MessageTypes.MotionStarted)
        {
            // motionEnded needs no alert (it went out at the start), only Home Assistant's sensors turn off.
            _homeAssistant?.OnMotionEnded(message.Read(ContractsJsonContext.Default.MotionEnded));
            return Task.CompletedTask;
        }

        var started = message.Read(ContractsJsonContext.Default.MotionStarted);
        _homeAssistant?.OnMotionStarted(started);
        var settings = Settings;
        if (!settings.AlertsEnabled || started.Score < settings.MinScore)
        {
            LogNotAlerted(started.CameraId, started.EventId, settings.AlertsEnabled ? "score below minScore" : "alerts disabled");
            return Task.CompletedTask;
        }

        SendAlert(AlertComposer.ForMotion(started), settings);
        return Task.CompletedTask;
    }

    private Task OnHealthAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (message.MessageType() == MessageTypes.BufferHealth)
        {
            _homeAssistant?.OnBufferHealth(message.Read(ContractsJsonContext.Default.BufferHealth));
            return Task.CompletedTask;
        }

        if (message.MessageType() == MessageTypes.StorageHealth)
        {
            // SegmentRecorder sends one per change of state: each is an alert (low, then its recovery).
            var storage = message.Read(ContractsJsonContext.Default.StorageHealth);
            if (settings.AlertsEnabled)
            {
                SendAlert(AlertComposer.ForStorage(storage), settings);
            }

            return Task.CompletedTask;
        }

        var health = message.Read(ContractsJsonContext.Default.CameraHealth);
        _homeAssistant?.OnCameraHealth(health);
        if (health.State == CaptureState.Failed && settings.AlertsEnabled)
        {
            SendAlert(AlertComposer.ForFailedCamera(health), settings);
        }

        return Task.CompletedTask;
    }

    private Task OnNightVisionAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        _homeAssistant?.OnNightVision(message.Read(ContractsJsonContext.Default.NightVisionChanged));
        return Task.CompletedTask;
    }

    private Task OnClipReadyAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        var clip = message.Read(ContractsJsonContext.Default.ClipReady);
        LogClipReady(clip.CameraId, clip.EventId, clip.Duration.TotalSeconds, clip.ClipPath);
        return Task.CompletedTask;
    }

    private Task OnUploadedAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        var uploaded = message.Read(ContractsJsonContext.Default.ClipUploaded);
        LogClipUploaded(uploaded.CameraId, uploaded.EventId, uploaded.BlobName);
        _homeAssistant?.OnClipUploaded(uploaded);
        return Task.CompletedTask;
    }

    private void SendAlert(Contracts.Alerts.Alert alert, EventRouterSettings settings)
    {
        ThrottleDecision decision;
        lock (_throttleLock)
        {
            decision = _throttle.TryAdmit(alert.CameraId, alert.AlertId, settings.MaxAlertsPerMinute);
        }

        if (decision != ThrottleDecision.Admitted)
        {
            LogNotAlerted(alert.CameraId, alert.EventId, decision == ThrottleDecision.Duplicate ? "duplicate event" : "rate limit reached");
            return;
        }

        _sinks?.Offer(alert);
        LogAlertSent(alert.Kind, alert.CameraId, alert.EventId);
    }

    [LoggerMessage(1, LogLevel.Information, "Alert queued for the sinks: {Kind} on {CameraId}, event {EventId}")]
    private partial void LogAlertSent(string kind, string cameraId, string eventId);

    [LoggerMessage(2, LogLevel.Information, "No alert for {CameraId} event {EventId}: {Reason}")]
    private partial void LogNotAlerted(string cameraId, string eventId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Clip ready for {CameraId} event {EventId}: {Seconds:F1} s at {ClipPath}")]
    private partial void LogClipReady(string cameraId, string eventId, double seconds, string clipPath);

    [LoggerMessage(4, LogLevel.Information, "Clip of {CameraId} event {EventId} is in storage as {BlobName}")]
    private partial void LogClipUploaded(string cameraId, string eventId, string blobName);
}

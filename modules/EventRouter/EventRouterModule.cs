using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Alerts;
using EdgeCam.EventRouter.Health;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter;

/// <summary>
/// Decides who hears about an event: turns motion starts (and failed cameras) into alerts on output
/// <c>alerts</c>, which the routes send to <c>$upstream</c> (IoT Hub, or the agent's console and alert file).
/// </summary>
public sealed partial class EventRouterModule : IEdgeModule
{
    /// <summary>Input names, as used in deployment.template.json routes.</summary>
    public const string MotionInput = "motion";
    public const string ClipReadyInput = "clipReady";
    public const string UploadedInput = "uploaded";
    public const string HealthInput = "health";

    /// <summary>Output name of alerts.</summary>
    public const string AlertsOutput = "alerts";

    private readonly AlertThrottle _throttle;
    private readonly Lock _throttleLock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IClockStatus _clock;
    private TwinSettingsBinding<EventRouterSettings>? _settings;

    /// <param name="clock">The clock synchronisation status (null: the kernel's, <see cref="KernelClockStatus"/>); tests pass a fake.</param>
    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger, IClockStatus? clock = null)
    {
        _throttle = new AlertThrottle(time);
        _logger = logger;
        _time = time;
        _clock = clock ?? new KernelClockStatus();
    }

    private EventRouterSettings Settings => _settings?.Current ?? EventRouterSettings.Default;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        _settings = TwinSettingsBinding.Create(client, EventRouterSettings.Read, _logger);
        client.SetInputHandler(MotionInput, (message, ct) => OnMotionAsync(client, message, ct));
        using var health = new HealthMonitor(_time, () => Settings.Health, _clock, _logger);
        client.SetInputHandler(HealthInput, (message, ct) => OnHealthAsync(client, health, message, ct));
        client.SetInputHandler(ClipReadyInput, OnClipReadyAsync);
        client.SetInputHandler(UploadedInput, OnUploadedAsync);
        await client.OpenAsync(cancellationToken);
        await Task.WhenAll(SendHealthAlertsAsync(client, health, cancellationToken), health.RunClockChecksAsync(client.ModuleId, cancellationToken));
    }

    // Health alerts are deduplicated per episode by the monitor, so they bypass the motion throttle: a rate limit must
    // never swallow the recovery that pairs with an alert.
    private async Task SendHealthAlertsAsync(IModuleClient client, HealthMonitor health, CancellationToken cancellationToken)
    {
        await foreach (var alert in health.Alerts.ReadAllAsync(cancellationToken))
        {
            if (!Settings.AlertsEnabled)
            {
                LogNotAlerted(alert.CameraId, alert.EventId, "alerts disabled");
                continue;
            }

            var message = ContractMessage.Create(alert, ContractsJsonContext.Default.Alert, MessageTypes.Alert, alert.CameraId, messageId: alert.AlertId);
            await client.SendAsync(AlertsOutput, message, cancellationToken);
            LogAlertSent(alert.Kind, alert.CameraId, alert.EventId);
        }
    }

    private async Task OnMotionAsync(IModuleClient client, ModuleMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageType() != MessageTypes.MotionStarted)
        {
            return; // motionEnded needs no alert: the alert went out at the start.
        }

        var started = message.Read(ContractsJsonContext.Default.MotionStarted);
        var settings = Settings;
        if (!settings.AlertsEnabled || started.Score < settings.MinScore)
        {
            LogNotAlerted(started.CameraId, started.EventId, settings.AlertsEnabled ? "score below minScore" : "alerts disabled");
            return;
        }

        await SendAlertAsync(client, AlertComposer.ForMotion(started), settings, cancellationToken);
    }

    private async Task OnHealthAsync(IModuleClient client, HealthMonitor monitor, ModuleMessage message, CancellationToken cancellationToken)
    {
        // Health/HealthMonitor: offline cameras, storage, uploads, tamper, outbox (alert and recovery, once per episode).
        monitor.Observe(message);
        if (message.MessageType() != MessageTypes.CameraHealth)
        {
            return;
        }

        var settings = Settings;
        var health = message.Read(ContractsJsonContext.Default.CameraHealth);
        if (health.State == CaptureState.Failed && settings.AlertsEnabled)
        {
            await SendAlertAsync(client, AlertComposer.ForFailedCamera(health), settings, cancellationToken);
        }
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
        return Task.CompletedTask;
    }

    private async Task SendAlertAsync(IModuleClient client, Contracts.Alerts.Alert alert, EventRouterSettings settings, CancellationToken cancellationToken)
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

        var message = ContractMessage.Create(alert, ContractsJsonContext.Default.Alert, MessageTypes.Alert, alert.CameraId, messageId: alert.AlertId);
        await client.SendAsync(AlertsOutput, message, cancellationToken);
        LogAlertSent(alert.Kind, alert.CameraId, alert.EventId);
    }

    [LoggerMessage(1, LogLevel.Information, "Alert sent: {Kind} on {CameraId}, event {EventId}")]
    private partial void LogAlertSent(string kind, string cameraId, string eventId);

    [LoggerMessage(2, LogLevel.Information, "No alert for {CameraId} event {EventId}: {Reason}")]
    private partial void LogNotAlerted(string cameraId, string eventId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Clip ready for {CameraId} event {EventId}: {Seconds:F1} s at {ClipPath}")]
    private partial void LogClipReady(string cameraId, string eventId, double seconds, string clipPath);

    [LoggerMessage(4, LogLevel.Information, "Clip of {CameraId} event {EventId} is in storage as {BlobName}")]
    private partial void LogClipUploaded(string cameraId, string eventId, string blobName);
}

using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.EventRouter.Alerts;
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
    public const string LinksInput = "links";

    /// <summary>Output name of alerts.</summary>
    public const string AlertsOutput = "alerts";

    private readonly AlertThrottle _throttle;
    private readonly Lock _throttleLock = new();
    private readonly ILogger _logger;
    private readonly SnapshotLinks _links;
    private readonly QuietEvents _quiet = new();
    private TwinSettingsBinding<EventRouterSettings>? _settings;

    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger)
    {
        _throttle = new AlertThrottle(time);
        _links = new SnapshotLinks(time);
        _logger = logger;
    }

    private EventRouterSettings Settings => _settings?.Current ?? EventRouterSettings.Default;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        _settings = TwinSettingsBinding.Create(client, EventRouterSettings.Read, _logger);
        client.SetInputHandler(MotionInput, (message, ct) => OnMotionAsync(client, message, ct));
        client.SetInputHandler(HealthInput, (message, ct) => OnHealthAsync(client, message, ct));
        client.SetInputHandler(ClipReadyInput, OnClipReadyAsync);
        client.SetInputHandler(UploadedInput, (message, ct) => OnUploadedAsync(client, message, ct));
        client.SetInputHandler(LinksInput, OnLinksAsync);
        await client.OpenAsync(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
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
            _quiet.Add(started.CameraId, started.EventId);
            LogNotAlerted(started.CameraId, started.EventId, settings.AlertsEnabled ? "score below minScore" : "alerts disabled");
            return;
        }

        // BlobBuffer signs the snapshot's read link in one hop; the alert waits for it, never for the snapshot's upload.
        var link = started.SnapshotPath is null ? null : await _links.WaitAsync(started.CameraId, started.EventId, SnapshotLinks.Patience, cancellationToken);
        if (!await SendAlertAsync(client, AlertComposer.ForMotion(started, link), settings, cancellationToken))
        {
            _quiet.Add(started.CameraId, started.EventId);
        }
    }

    private Task OnLinksAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        _links.Add(message.Read(ContractsJsonContext.Default.SnapshotLink));
        return Task.CompletedTask;
    }

    private async Task OnHealthAsync(IModuleClient client, ModuleMessage message, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (message.MessageType() == MessageTypes.StorageHealth)
        {
            // SegmentRecorder sends one per change of state: each is an alert (low, then its recovery).
            var storage = message.Read(ContractsJsonContext.Default.StorageHealth);
            if (settings.AlertsEnabled)
            {
                await SendAlertAsync(client, AlertComposer.ForStorage(storage), settings, cancellationToken);
            }

            return;
        }

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

    // The follow-up of a motion alert: the clip is in storage. It is not rate limited (its motion alert already was).
    private async Task OnUploadedAsync(IModuleClient client, ModuleMessage message, CancellationToken cancellationToken)
    {
        var uploaded = message.Read(ContractsJsonContext.Default.ClipUploaded);
        LogClipUploaded(uploaded.CameraId, uploaded.EventId, uploaded.BlobName);
        var settings = Settings;
        if (!settings.AlertsEnabled || _quiet.Contains(uploaded.CameraId, uploaded.EventId))
        {
            LogNotAlerted(uploaded.CameraId, uploaded.EventId, "its motion got no alert");
            return;
        }

        await SendAlertAsync(client, AlertComposer.ForClip(uploaded), settings, cancellationToken, followUp: true);
    }

    // False when the throttle refused it (a duplicate, or the camera's rate limit).
    private async Task<bool> SendAlertAsync(IModuleClient client, Contracts.Alerts.Alert alert, EventRouterSettings settings, CancellationToken cancellationToken, bool followUp = false)
    {
        ThrottleDecision decision;
        lock (_throttleLock)
        {
            decision = followUp ? _throttle.TryAdmitOnce(alert.AlertId) : _throttle.TryAdmit(alert.CameraId, alert.AlertId, settings.MaxAlertsPerMinute);
        }

        if (decision != ThrottleDecision.Admitted)
        {
            LogNotAlerted(alert.CameraId, alert.EventId, decision == ThrottleDecision.Duplicate ? "duplicate event" : "rate limit reached");
            return decision == ThrottleDecision.Duplicate;
        }

        var message = ContractMessage.Create(alert, ContractsJsonContext.Default.Alert, MessageTypes.Alert, alert.CameraId, messageId: alert.AlertId);
        await client.SendAsync(AlertsOutput, message, cancellationToken);
        LogAlertSent(alert.Kind, alert.CameraId, alert.EventId);
        return true;
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

using System.Text.Json.Nodes;
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
using EdgeCam.EventRouter.Commands;
using EdgeCam.EventRouter.Health;
using EdgeCam.EventRouter.HomeAssistant;
using EdgeCam.EventRouter.LocalMqtt;
using EdgeCam.EventRouter.Rules;
using EdgeCam.EventRouter.Sinks;
using EdgeCam.EventRouter.Sinks.IotHub;
using EdgeCam.EventRouter.Sinks.Mqtt;
using EdgeCam.EventRouter.Sinks.Webhook;
using EdgeCam.EventRouter.Triggers;
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
    public const string LinksInput = "links";

    /// <summary>Output name of alerts.</summary>
    public const string AlertsOutput = IotHubSink.Output;

    /// <summary>Output name of recording triggers (to SegmentRecorder's input <c>trigger</c>).</summary>
    public const string TriggerOutput = TriggerSender.Output;

    private readonly AlertThrottle _throttle;
    private readonly Lock _throttleLock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HouseMode _mode = new();
    private readonly ILoggerFactory _loggers;
    private readonly EventRouterEnvironment _environment;
    private readonly IClockStatus _clock;
    private readonly SnapshotLinks _links;
    private readonly QuietEvents _quiet = new();
    private TwinSettingsBinding<EventRouterSettings>? _settings;
    private TriggerSender? _triggers;
    private AlertDispatch? _dispatch;
    private HomeAssistantBridge? _homeAssistant;
    private volatile bool _opened;

    /// <param name="time">The clock of throttles, schedules and health timers.</param>
    /// <param name="logger">The module's log.</param>
    /// <param name="clock">The clock synchronisation status (null: the kernel's, <see cref="KernelClockStatus"/>); tests pass a fake.</param>
    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger, IClockStatus? clock = null)
        : this(time, logger, NullLoggerFactory.Instance, EventRouterEnvironment.None, clock)
    {
    }

    /// <param name="time">The clock of throttles, schedules and health timers.</param>
    /// <param name="logger">The module's log.</param>
    /// <param name="loggers">Loggers of the sinks and the local MQTT link.</param>
    /// <param name="environment">Secrets, device name and shared volume from the environment.</param>
    /// <param name="clock">The clock synchronisation status (null: the kernel's, <see cref="KernelClockStatus"/>); tests pass a fake.</param>
    public EventRouterModule(TimeProvider time, ILogger<EventRouterModule> logger, ILoggerFactory loggers, EventRouterEnvironment environment, IClockStatus? clock = null)
    {
        _throttle = new AlertThrottle(time);
        _time = time;
        _links = new SnapshotLinks(time);
        _logger = logger;
        _loggers = loggers;
        _environment = environment;
        _clock = clock ?? new KernelClockStatus();
    }

    /// <summary>
    /// The commands (trigger, setMode) of this module once it runs: the direct methods use it, and an MQTT command topic
    /// hands its commands to it with source <see cref="CommandHandler.MqttSource"/>.
    /// </summary>
    public CommandHandler? Commands { get; private set; }

    private EventRouterSettings Settings => _settings?.Current ?? EventRouterSettings.Default;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        _settings = TwinSettingsBinding.Create(client, EventRouterSettings.Read, _logger);
        _settings.Changed += (_, settings) => OnRulesChanged(client, settings.Rules);
        _mode.ApplyDesired(Settings.Rules.Mode);
        _triggers = new TriggerSender(client, _logger);
        Commands = new CommandHandler(_triggers, _mode, ct => ReportModeAsync(client, ct), _time, _logger);
        CommandMethods.Register(client, Commands);
        var link = new LocalMqttLink(() => Settings.Mqtt, _environment.MqttPassword, _environment.Device, _environment.CreateMqttClient, _time, _loggers.CreateLogger<LocalMqttLink>());
        link.Subscribe(new MqttCommands(Commands, _loggers.CreateLogger<MqttCommands>()));
        _homeAssistant = new HomeAssistantBridge(link, () => Settings.HomeAssistant, _environment.Volume, _loggers.CreateLogger<HomeAssistantBridge>());
        using var webhook = new WebhookSink(() => Settings.Webhook, _environment.WebhookToken);
        // IoT Hub is the durable path (edgeHub, or the agent's outbox, stores and forwards): an input is acknowledged only
        // once it took the alert, so a crash loses none. The other sinks get their own queues first and never wait on it.
        var sinks = new AlertFanOut([.. new IAlertSink[] { new MqttAlertSink(link), webhook }
            .Select(sink => new SinkWorker(sink, _time, _loggers.CreateLogger<SinkWorker>()))]);
        _dispatch = new AlertDispatch(new IotHubSink(client), sinks, _logger);
        client.SetInputHandler(MotionInput, OnMotionAsync);
        using var health = new HealthMonitor(_time, () => Settings.Health, _clock, _logger);
        client.SetInputHandler(HealthInput, (message, ct) => OnHealthAsync(health, message, ct));
        client.SetInputHandler(ClipReadyInput, OnClipReadyAsync);
        client.SetInputHandler(UploadedInput, OnUploadedAsync);
        client.SetInputHandler(NightVisionInput, OnNightVisionAsync);
        client.SetInputHandler(LinksInput, OnLinksAsync);
        await client.OpenAsync(cancellationToken);
        _opened = true;
        await ReportModeAsync(client, cancellationToken);
        await Task.WhenAll(
            link.RunAsync(cancellationToken),
            _homeAssistant.RunAsync(cancellationToken),
            sinks.RunAsync(cancellationToken),
            SendHealthAlertsAsync(health, cancellationToken),
            health.RunClockChecksAsync(client.ModuleId, cancellationToken));
    }

    // Health alerts are deduplicated per episode by the monitor, so they bypass the motion throttle: a rate limit must
    // never swallow the recovery that pairs with an alert.
    private async Task SendHealthAlertsAsync(HealthMonitor health, CancellationToken cancellationToken)
    {
        await foreach (var alert in health.Alerts.ReadAllAsync(cancellationToken))
        {
            if (!Settings.AlertsEnabled)
            {
                LogNotAlerted(alert.CameraId, alert.EventId, "alerts disabled");
                continue;
            }

            await _dispatch!.SendAsync(alert, cancellationToken);
        }
    }

    private async Task OnMotionAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageType() != MessageTypes.MotionStarted)
        {
            // motionEnded needs no alert (it went out at the start), only Home Assistant's sensors turn off.
            _homeAssistant?.OnMotionEnded(message.Read(ContractsJsonContext.Default.MotionEnded));
            return;
        }

        var started = message.Read(ContractsJsonContext.Default.MotionStarted);
        _homeAssistant?.OnMotionStarted(started);
        var settings = Settings;

        // Recording rules fire whether or not the camera is armed: arming gates alerts, not footage.
        foreach (var trigger in RecordRules.For(started, settings.Rules))
        {
            await _triggers!.SendAsync(trigger, cancellationToken);
        }

        if (AlertRules.WhyNot(started, settings.AlertsEnabled, settings.MinScore, settings.Rules, _mode.Current, _time.GetUtcNow()) is { } reason)
        {
            _quiet.Add(started.CameraId, started.EventId);
            LogNotAlerted(started.CameraId, started.EventId, reason);
            return;
        }

        // BlobBuffer signs the snapshot's read link in one hop; the alert waits for it, never for the snapshot's upload.
        var link = started.SnapshotPath is null ? null : await _links.WaitAsync(started.CameraId, started.EventId, SnapshotLinks.Patience, cancellationToken);
        if (!await SendAlertAsync(AlertComposer.ForMotion(started, link), settings, followUp: false, cancellationToken))
        {
            _quiet.Add(started.CameraId, started.EventId);
        }
    }

    private Task OnLinksAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        _links.Add(message.Read(ContractsJsonContext.Default.SnapshotLink));
        return Task.CompletedTask;
    }

    private async Task OnHealthAsync(HealthMonitor monitor, ModuleMessage message, CancellationToken cancellationToken)
    {
        // Health/HealthMonitor: offline cameras, storage, uploads, tamper, outbox (alert and recovery, once per episode).
        monitor.Observe(message);
        if (message.MessageType() == MessageTypes.OutageSummary)
        {
            await OnOutageSummaryAsync(message.Read(ContractsJsonContext.Default.OutageSummary), cancellationToken);
            return;
        }

        if (message.MessageType() == MessageTypes.BufferHealth)
        {
            _homeAssistant?.OnBufferHealth(message.Read(ContractsJsonContext.Default.BufferHealth));
            return;
        }

        if (message.MessageType() != MessageTypes.CameraHealth)
        {
            return;
        }

        var settings = Settings;
        var health = message.Read(ContractsJsonContext.Default.CameraHealth);
        _homeAssistant?.OnCameraHealth(health);
        if (health.State == CaptureState.Failed && settings.AlertsEnabled)
        {
            await SendAlertAsync(AlertComposer.ForFailedCamera(health), settings, followUp: false, cancellationToken);
        }
    }

    // BlobBuffer sends one summary when uploads resume after an outage: one alert, deduplicated by its id, not rate limited.
    private async Task OnOutageSummaryAsync(OutageSummary summary, CancellationToken cancellationToken)
    {
        var settings = Settings;
        if (!settings.AlertsEnabled)
        {
            LogNotAlerted(summary.Buffer, AlertComposer.ForOutage(summary).EventId, "alerts disabled");
            return;
        }

        await SendAlertAsync(AlertComposer.ForOutage(summary), settings, followUp: true, cancellationToken);
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

    // The follow-up of a motion alert: the clip is in storage. It is not rate limited (its motion alert already was).
    private async Task OnUploadedAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        var uploaded = message.Read(ContractsJsonContext.Default.ClipUploaded);
        LogClipUploaded(uploaded.CameraId, uploaded.EventId, uploaded.BlobName);
        if (uploaded.Kind != ClipKinds.Event)
        {
            // Continuous footage (a file a minute) and exports (the caller got the blob name) follow no motion alert.
            LogNotAlerted(uploaded.CameraId, uploaded.EventId, $"a {uploaded.Kind} upload, not an event's clip");
            return;
        }

        _homeAssistant?.OnClipUploaded(uploaded);
        var settings = Settings;
        if (!settings.AlertsEnabled || _quiet.Contains(uploaded.CameraId, uploaded.EventId))
        {
            LogNotAlerted(uploaded.CameraId, uploaded.EventId, "its motion got no alert");
            return;
        }

        await SendAlertAsync(AlertComposer.ForClip(uploaded), settings, followUp: true, cancellationToken);
    }

    // False when the throttle refused it (a duplicate, or the camera's rate limit).
    private async Task<bool> SendAlertAsync(Contracts.Alerts.Alert alert, EventRouterSettings settings, bool followUp, CancellationToken cancellationToken)
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

        await _dispatch!.SendAsync(alert, cancellationToken);
        return true;
    }

    // The twin's rules.mode applies when it changed (a command may have switched the mode since); the mode in force is
    // reported (at the start once the client is open, by RunAsync).
    private void OnRulesChanged(IModuleClient client, RulesSettings rules)
    {
        if (_mode.ApplyDesired(rules.Mode) && _opened)
        {
            _ = ReportModeAsync(client, CancellationToken.None);
        }
    }

    private async Task ReportModeAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        var (mode, source) = _mode.State;
        LogModeInForce(mode.ToString().ToLowerInvariant(), source);
        try
        {
            await client.UpdateReportedPropertiesAsync(
                new JsonObject { ["rules"] = new JsonObject { ["mode"] = mode.ToString().ToLowerInvariant(), ["modeSource"] = source } }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of the client (disconnected, closing): the reported mode is informative only. The mode is in
            // force whether or not the twin heard of it, and the next switch reports again; a command must not fail for it.
            LogModeNotReported(ex.Message);
        }
    }

    [LoggerMessage(5, LogLevel.Information, "House mode in force: {Mode} (set by {Source})")]
    private partial void LogModeInForce(string mode, string source);

    [LoggerMessage(6, LogLevel.Warning, "The house mode could not be reported: {Reason}")]
    private partial void LogModeNotReported(string reason);

    [LoggerMessage(2, LogLevel.Information, "No alert for {CameraId} event {EventId}: {Reason}")]
    private partial void LogNotAlerted(string cameraId, string eventId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Clip ready for {CameraId} event {EventId}: {Seconds:F1} s at {ClipPath}")]
    private partial void LogClipReady(string cameraId, string eventId, double seconds, string clipPath);

    [LoggerMessage(4, LogLevel.Information, "Clip of {CameraId} event {EventId} is in storage as {BlobName}")]
    private partial void LogClipUploaded(string cameraId, string eventId, string blobName);
}

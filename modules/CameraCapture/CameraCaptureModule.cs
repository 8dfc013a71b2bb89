using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeCam.CameraCapture.Capture;
using EdgeCam.CameraCapture.Journal;
using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.NightVision;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.CameraCapture.Snapshots;
using EdgeCam.CameraCapture.Tamper;
using EdgeCam.CameraCapture.Timelapse;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.Media.Live;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture;

/// <summary>
/// The CameraCapture module: one camera. It reads its settings from the twin, runs the capture process (segments into
/// the spool, gray frames into the motion detector), sends <c>motion</c> events and <c>health</c> at every state change,
/// and reports its state to the twin. A change to what the capture process uses restarts capture, while motion, night
/// vision and snapshot settings apply live between two frames; a file played once ends in
/// <see cref="CaptureState.Ended"/>; a source that cannot be opened ends in <see cref="CaptureState.Failed"/>
/// (files and devices; network cameras are retried); a live source that drops restarts with exponential backoff; a
/// full volume is never final: capture reports <see cref="CaptureState.WaitingForSpace"/> and starts a new session
/// when there is room again (CameraCaptureModule.Health.cs).
/// </summary>
public sealed partial class CameraCaptureModule : IEdgeModule
{
    /// <summary>Output carrying <c>motionStarted</c>/<c>motionEnded</c>.</summary>
    public const string MotionOutput = MotionEventPublisher.OutputName;

    /// <summary>Output carrying <c>cameraHealth</c> and <c>tamperHealth</c>.</summary>
    public const string HealthOutput = "health";

    /// <summary>
    /// Output carrying <c>cameraFrameCounts</c> while capture runs (<see cref="FrameCountReporter"/>). Its own output, not
    /// <see cref="HealthOutput"/>: readers of health expect state changes, and no template route takes it; the web
    /// console's <c>FROM /messages/modules/*</c> does.
    /// </summary>
    public const string FrameCountsOutput = "frameCounts";

    /// <summary>Output carrying a day's time-lapse as <c>clipReady</c> of kind <c>timelapse</c>.</summary>
    public const string TimelapseOutput = TimelapseRecorder.OutputName;

    private readonly SharedVolume _volume;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _ffmpegPath;
    private readonly Channel<CameraCaptureSettings> _settingsUpdates =
        Channel.CreateBounded<CameraCaptureSettings>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly string? _toolSearchPath;
    private readonly Func<NightVisionHardware, NightVisionDevices>? _openNightVisionDevices;
    private readonly SnapshotWriter _snapshots;
    private readonly LiveMotionSettings _liveMotion = new();
    private readonly HashSet<string> _journalsRecovered = new(StringComparer.Ordinal);
    private readonly SpaceWait _space;
    private readonly TamperWatch _tamper;
    private readonly TimelapseRecorder _timelapse;
    private NightVisionController? _nightVision;
    private LiveFrameRelay? _live;
    private CameraCaptureSettings? _accepted;
    private readonly FrameCounters _counters = new();
    private volatile CaptureState _state = CaptureState.Stopped;

    /// <summary>Creates the module. Segments go under <paramref name="volume"/>; <paramref name="ffmpegPath"/> is a name on PATH or a path.</summary>
    /// <param name="toolSearchPath">Where to look for rpicam-vid/libcamera-vid (PATH-style; null: PATH).</param>
    /// <param name="openNightVisionDevices">Opens the IR hardware (null: <see cref="NightVisionDevices.Open"/>, System.Device.Gpio on libgpiod v1 or v2 and /dev/i2c-N); tests pass fakes.</param>
    public CameraCaptureModule(SharedVolume volume, TimeProvider timeProvider, ILogger<CameraCaptureModule> logger, string ffmpegPath = "ffmpeg", string? toolSearchPath = null, Func<NightVisionHardware, NightVisionDevices>? openNightVisionDevices = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        _volume = volume;
        _timeProvider = timeProvider;
        _logger = logger;
        _ffmpegPath = ffmpegPath;
        _toolSearchPath = toolSearchPath;
        _openNightVisionDevices = openNightVisionDevices;
        _snapshots = new SnapshotWriter(volume, timeProvider, logger);
        _space = SpaceWait.ForVolume(volume.Root, timeProvider);
        _tamper = new TamperWatch(timeProvider, logger);
        _timelapse = new TimelapseRecorder(volume, _snapshots.Newest, new TimelapseEncoder(ffmpegPath), _space.IsLow, timeProvider, logger);
    }

    /// <summary>The current capture state (also sent on <see cref="HealthOutput"/> and reported as <c>capture.state</c>).</summary>
    public CaptureState State => _state;

    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        // source has no default, so there are no settings until the twin provides valid ones (400 naming source until then).
        // An invalid document at first start still records: with defaults for the invalid optional properties (the
        // binding reports 400 naming them). Later invalid documents keep the settings in force, as in every module.
        var binding = new TwinSettingsBinding<CameraCaptureSettings>(client, desired => ParseOrRecordWithDefaults(desired, client.ModuleId), _logger);
        binding.Changed += (_, settings) => OnSettingsChanged(settings);
        await using var output = new OutputSender(client, _logger);
        client.SetMethodHandler(SnapshotMethod.Name, (request, ct) => SnapshotMethod.HandleAsync(request, _snapshots, _accepted?.CameraId ?? client.ModuleId, ct));
        Func<ClipReady, Action, CancellationToken, ValueTask> announceTimelapse = (ready, onSent, ct) => output.EnqueueAsync(TimelapseOutput, TimelapseMessages.Ready(ready), onSent, ct);
        new TimelapseMethod(_timelapse, _logger).Register(client, announceTimelapse);
        await client.OpenAsync(cancellationToken);

        var reader = _settingsUpdates.Reader;
        var settings = await reader.ReadAsync(cancellationToken);
        using var nightVision = new NightVisionController(client, output, settings.CameraId, settings.NightVision, _timeProvider, _logger, _openNightVisionDevices);
        _nightVision = nightVision;
        await using var live = _live = OpenLiveRelay(settings.CameraId);
        var background = Task.WhenAll(nightVision.RunAsync(cancellationToken), _snapshots.RunAsync(output, cancellationToken), _tamper.RunAsync((change, ct) => SendTamperAsync(output, change, ct), cancellationToken),
            _timelapse.RunAsync(announceTimelapse, cancellationToken),
            new FrameCountReporter(_counters, () => _state == CaptureState.Running ? _accepted?.CameraId : null, _timeProvider).RunAsync((message, ct) => output.EnqueueAsync(FrameCountsOutput, message, ct), cancellationToken));
        try
        {
            await SuperviseUntilCancelledAsync(client, output, reader, settings, cancellationToken);
        }
        finally
        {
            _nightVision = null;
            _live = null;
            try
            {
                await background;
            }
            catch (OperationCanceledException)
            {
                // Shutdown: the sampling and encoding loops end with the module.
            }
        }
    }

    // The live view's socket (<volume>/live/<cameraId>.sock); capture records without it when it cannot be opened.
    private LiveFrameRelay? OpenLiveRelay(string cameraId)
    {
        try
        {
            return LiveFrameRelay.Listen(_volume.LiveSocket(cameraId));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            LogNoLiveView(cameraId, ex.Message);
            return null;
        }
    }

    // One capture run per accepted (restarting) settings, until shutdown.
    private async Task SuperviseUntilCancelledAsync(IModuleClient client, OutputSender output, ChannelReader<CameraCaptureSettings> reader, CameraCaptureSettings settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var supervising = SuperviseAsync(client, output, settings, run.Token);
            var changed = reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(supervising, changed) == changed)
            {
                await run.CancelAsync();
            }

            await supervising;
            settings = await reader.ReadAsync(cancellationToken);
        }
    }

    // Runs capture with one set of settings until it ends, fails, or is cancelled (settings change or shutdown).
    private async Task SuperviseAsync(IModuleClient client, OutputSender output, CameraCaptureSettings settings, CancellationToken cancellationToken)
    {
        var source = settings.CaptureSource;
        var backoff = RestartBackoff.Default();
        var journal = new MotionJournal(_volume.CameraJournalDirectory(settings.CameraId), _timeProvider, _logger);
        if (!_journalsRecovered.Contains(settings.CameraId))
        {
            // Before this camera's first capture in this process: what a crash left is queued ahead of any new event
            // (not awaited until sent: recording must not wait for the transport).
            try
            {
                await JournalRecovery.RecoverAsync(journal, output, _logger, cancellationToken, _snapshots.OnDisk);
                _journalsRecovered.Add(settings.CameraId);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped while the send queue was full: the entries stay, and are recovered before the next capture.
                await PublishAsync(client, output, settings, CaptureState.Stopped, null, CancellationToken.None);
                return;
            }
        }

        var run = new CaptureRun(_volume, _timeProvider, output, _ffmpegPath, new SessionHooks(_nightVision, _snapshots, _liveMotion, journal, _tamper, _live, _counters), _toolSearchPath);
        while (true)
        {
            if (_space.IsLow() && !await WaitForSpaceAsync(client, output, settings, null, cancellationToken))
            {
                return;
            }

            await PublishAsync(client, output, settings, CaptureState.Starting, null, CancellationToken.None);
            CaptureRunResult result;
            try
            {
                result = await run.RunAsync(settings, ct => PublishAsync(client, output, settings, CaptureState.Running, null, ct), cancellationToken);
            }
            catch (MediaToolNotFoundException ex)
            {
                await PublishAsync(client, output, settings, CaptureState.Failed, ex.Message, CancellationToken.None);
                return;
            }
            catch (SourceRejectedException ex) when (source.Kind == CaptureSourceKind.Rtsp)
            {
                // A camera that is down or not answering now may answer later: retry with backoff like a dropped stream.
                result = new CaptureRunResult(new CaptureExit(CaptureExitReason.SourceUnavailable, 1, ex.Message, 0, 0), string.Empty, 0, TimeSpan.Zero);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (settings changed, or shutdown) while the source was being probed, before any session began.
                await PublishAsync(client, output, settings, CaptureState.Stopped, null, CancellationToken.None);
                return;
            }
            catch (SourceRejectedException ex)
            {
                // Not a camera (or not readable): nothing to record, no frame analysed, no motion event.
                await PublishAsync(client, output, settings, CaptureState.Failed, ex.Message, CancellationToken.None);
                return;
            }
            catch (IOException ex) when (DiskFull.Caused(ex))
            {
                // The session directory or session.json could not be written.
                if (!await WaitForSpaceAsync(client, output, settings, ex.Message, cancellationToken))
                {
                    return;
                }

                continue;
            }

            var exit = result.Exit;
            switch (CaptureExitDecision.Decide(exit, source, _space.IsLow()))
            {
                case NextStep.Stop:
                    await PublishAsync(client, output, settings, CaptureState.Stopped, null, CancellationToken.None);
                    return;
                case NextStep.End:
                    await PublishAsync(client, output, settings, CaptureState.Ended, null, CancellationToken.None);
                    return;
                case NextStep.Fail:
                    await PublishAsync(client, output, settings, CaptureState.Failed, exit.Error, CancellationToken.None);
                    return;
                case NextStep.WaitForSpace when await WaitForSpaceAsync(client, output, settings, exit.Error, cancellationToken):
                    continue;
                case NextStep.WaitForSpace:
                    return;
            }

            var delay = backoff.Next(result.Duration);
            var reason = exit.Error ?? $"The source '{source.DisplayName}' ended.";
            await PublishAsync(client, output, settings, CaptureState.Restarting, reason, CancellationToken.None);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await PublishAsync(client, output, settings, CaptureState.Stopped, null, CancellationToken.None);
                return;
            }
        }
    }

    // Raised by the binding (one update at a time) for every valid desired document. Motion, night vision and snapshots
    // apply live; only a change to what the capture process uses (source, sizes, rates, segment length...) restarts it.
    private void OnSettingsChanged(CameraCaptureSettings settings)
    {
        var previous = _accepted;
        _accepted = settings;
        _snapshots.Settings = settings.Snapshots;
        _tamper.Update(settings.CameraId, settings.Tamper);
        _timelapse.Update(settings.CameraId, settings.Timelapse);
        if (previous is null || previous.NightVision != settings.NightVision || previous.CameraId != settings.CameraId)
        {
            _nightVision?.Update(settings.CameraId, settings.NightVision);
        }

        bool motionChanged = previous is null || !RestartComparison.SameMotion(previous, settings);
        if (motionChanged)
        {
            _liveMotion.Set(new MotionSettings(settings.Detector, settings.Events));
        }

        if (previous is null || !settings.DiffersOnlyLive(previous))
        {
            _settingsUpdates.Writer.TryWrite(settings);
        }
        else if (motionChanged)
        {
            LogMotionAppliedLive(settings.CameraId, settings.Detector.Threshold, settings.Detector.MinArea);
        }
    }

    private CameraCaptureSettings ParseOrRecordWithDefaults(JsonObject desired, string moduleId)
    {
        try
        {
            return CameraCaptureSettings.Parse(desired, moduleId);
        }
        catch (SettingsValidationException ex) when (_accepted is null && CameraCaptureSettings.ReadWithDefaultsForInvalid(desired, moduleId) is { } fallback)
        {
            LogRecordingWithDefaults(fallback.CameraId, ex.Message);
            OnSettingsChanged(fallback);
            throw;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Camera {CameraId}: {State} ({Source})")]
    private partial void LogState(string cameraId, CaptureState state, string source);

    [LoggerMessage(2, LogLevel.Warning, "Camera {CameraId}: {State} ({Source}): {Error}")]
    private partial void LogStateWithError(string cameraId, CaptureState state, string source, string error);

    [LoggerMessage(3, LogLevel.Information, "Camera {CameraId}: motion settings applied live from the next frame (threshold {Threshold}, minArea {MinArea}); capture keeps running")]
    private partial void LogMotionAppliedLive(string cameraId, int threshold, double minArea);

    [LoggerMessage(4, LogLevel.Warning, "Camera {CameraId}: desired properties invalid at first start; recording with the defaults of the invalid properties until they are fixed: {Reason}")]
    private partial void LogRecordingWithDefaults(string cameraId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Camera {CameraId}: no live view (its socket cannot be opened: {Reason}); recording goes on")]
    private partial void LogNoLiveView(string cameraId, string reason);
}

using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder;

/// <summary>
/// SegmentRecorder: indexes the segments CameraCapture writes, turns each ended motion event into an MP4 clip (input
/// <c>motion</c> → output <c>clipReady</c>) and keeps continuous footage bounded by size and age.
/// </summary>
public sealed partial class SegmentRecorderModule : IEdgeModule
{
    /// <summary>Input carrying <see cref="MotionStarted"/> and <see cref="MotionEnded"/>.</summary>
    public const string MotionInput = "motion";

    /// <summary>Input carrying <see cref="ClipUploaded"/>: the clip is in the cloud, so retention evicts its local copy first.</summary>
    public const string UploadedInput = "uploaded";

    /// <summary>Output carrying <see cref="ClipReady"/>.</summary>
    public const string ClipReadyOutput = "clipReady";

    /// <summary>Ended events waiting for their clip; the input handler waits when it is full (events are never dropped).</summary>
    private const int QueueCapacity = 64;

    private readonly SegmentIndex _index;
    private readonly EventProtections _protections = new();
    private readonly ClipJobProcessor _processor;
    private readonly RetentionScheduler _retention;
    private readonly UploadedClipMarker _uploaded;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClipJobQueue _jobs;

    private TwinSettingsBinding<SegmentRecorderSettings>? _binding;
    private long _clipsReady;
    private long _clipsFailed;

    /// <summary>Creates the module over the shared volume; ffmpeg and ffprobe come from PATH.</summary>
    /// <param name="freeSpace">Reads the volume's free space for the floor; by default statvfs of the volume root (tests pass a fake).</param>
    public SegmentRecorderModule(SharedVolume volume, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IFreeSpaceReader? freeSpace = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        loggerFactory ??= NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<SegmentRecorderModule>();
        _index = new SegmentIndex(volume, loggerFactory.CreateLogger<SegmentIndex>());
        _processor = new ClipJobProcessor(_index, ClipCutter.Create(volume), _time, loggerFactory.CreateLogger<ClipJobProcessor>());
        var sweeper = new RetentionSweeper(_index, volume, _protections, _time, loggerFactory.CreateLogger<RetentionSweeper>(), freeSpace);
        _retention = new RetentionScheduler(_index, sweeper, () => Settings, loggerFactory.CreateLogger<RetentionScheduler>(), _time);
        _uploaded = new UploadedClipMarker(volume);
        _jobs = new ClipJobQueue(QueueCapacity, _time, loggerFactory.CreateLogger<ClipJobQueue>());
    }

    /// <summary>The settings in force: the defaults until the twin binding (made in RunAsync) holds valid desired properties.</summary>
    public SegmentRecorderSettings Settings => _binding is { HasSettings: true } binding ? binding.Current : SegmentRecorderSettings.Default;

    /// <summary>How often the spool is re-read for new segments and sessions.</summary>
    public TimeSpan IndexPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often retention runs even when no segment closed: the backstop for age limits and for clips. The size bound
    /// and the free-space floor are checked whenever the index sees a newly closed segment.
    /// </summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after the stop request queued clips may still be cut: part of the 8 s shutdown budget (the rest is for the other modules).</summary>
    public TimeSpan StopDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after the stop request input <c>motion</c> still takes ended events (the camera's last motionEnded may be on its way).</summary>
    public TimeSpan StopInputGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The index of segments (exposed for the agent's status page and for tests).</summary>
    public SegmentIndex Index => _index;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.SetInputHandler(MotionInput, (message, ct) => OnMotionAsync(message, ct));
        client.SetInputHandler(UploadedInput, OnUploadedAsync);
        _binding = TwinSettingsBinding.Create(client, SegmentRecorderSettings.Read, _logger, typeof(SegmentRecorderModule).Assembly);
        await client.OpenAsync(cancellationToken);
        LogStarted(Settings.PreRollSeconds, Settings.PostRollSeconds, Settings.MaxClipSeconds);
        try
        {
            await Task.WhenAll(
                PollIndexAsync(client, cancellationToken),
                CutClipsAsync(client, cancellationToken),
                _retention.RunBackstopAsync(client, RetentionInterval, _time, cancellationToken));
        }
        finally
        {
            _jobs.Close();
        }
    }

    private async Task OnMotionAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        message.Properties.TryGetValue(MessageProperties.MessageType, out var type);
        try
        {
            switch (type)
            {
                case MessageTypes.MotionStarted:
                    var started = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.MotionStarted);
                    var s = Settings;
                    _protections.Protect(started.EventId, ProtectedWindow.ForOpenEvent(started.CameraId, started.Start - s.PreRoll));
                    break;
                case MessageTypes.MotionEnded:
                    var ended = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.MotionEnded);
                    if (!EventIds.IsValid(ended.EventId))
                    {
                        LogRejected(type, $"event id '{ended.EventId}' cannot name a clip file");
                        return;
                    }

                    var window = ClipJobProcessor.RequestFor(ended, Settings).EventWindow;
                    _protections.Protect(ended.EventId, new ProtectedWindow(ended.CameraId, window.Start, window.End, IsOpenEvent: false));
                    if (!await _jobs.TryQueueAsync(ended, cancellationToken))
                    {
                        LogArrivedAfterStop(ended.EventId);
                    }

                    break;
                default:
                    LogRejected(type ?? "(none)", "not a motion message type");
                    break;
            }
        }
        catch (ContractFormatException ex)
        {
            LogRejected(type ?? "(none)", ex.Message);
        }
    }

    private Task OnUploadedAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var uploaded = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.ClipUploaded);
            if (_uploaded.Mark(uploaded))
            {
                LogMarkedUploaded(uploaded.ClipPath, uploaded.BlobName);
            }
        }
        catch (Exception ex) when (ex is ContractFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            LogReleaseFailed(ex.Message);
        }

        return Task.CompletedTask;
    }

    private async Task PollIndexAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(IndexPollInterval, _time);
        do
        {
            try
            {
                _index.Refresh();
            }
            catch (IOException ex)
            {
                // A directory vanished while being listed (retention, or CameraCapture cleaning up): the next poll sees the result.
                LogIndexRetry(ex.Message);
            }

            // A segment closed (seen by this poll or by a clip job's refresh): the bound holds within one segment.
            await _retention.OnIndexRefreshedAsync(client, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    // Cuts each ended event as it comes; on stop, the queued ones with the footage there is, within StopDrainTimeout.
    private async Task CutClipsAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        var notCut = await _jobs.RunAsync((motion, ct) => CutAsync(client, motion, ct), StopInputGrace, StopDrainTimeout, _processor.StopWaiting, cancellationToken);
        foreach (var motion in notCut)
        {
            _protections.Release(motion.EventId);
        }
    }

    private async Task CutAsync(IModuleClient client, MotionEnded motion, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var outcome in _processor.ProcessAsync(motion, Settings, cancellationToken))
            {
                if (outcome.Clip is { } clip)
                {
                    _clipsReady++;
                    await client.SendAsync(ClipReadyOutput, ClipReadyMessage.Create(clip), cancellationToken);
                }
                else
                {
                    _clipsFailed++;
                }

                await client.UpdateReportedPropertiesAsync(
                    new JsonObject { ["clips"] = new JsonObject { ["ready"] = _clipsReady, ["failed"] = _clipsFailed, ["lastError"] = outcome.Error } },
                    cancellationToken);
            }
        }
        finally
        {
            _protections.Release(motion.EventId);
        }
    }

    [LoggerMessage(10, LogLevel.Error, "Event {EventId} ended after SegmentRecorder stopped taking events: its clip is not cut")]
    private partial void LogArrivedAfterStop(string eventId);

    [LoggerMessage(1, LogLevel.Information, "SegmentRecorder running: pre-roll {PreRoll} s, post-roll {PostRoll} s, max clip {MaxClip} s")]
    private partial void LogStarted(double preRoll, double postRoll, double maxClip);

    [LoggerMessage(2, LogLevel.Warning, "Ignored a message on input 'motion' ({Type}): {Reason}")]
    private partial void LogRejected(string type, string reason);

    [LoggerMessage(6, LogLevel.Information, "Clip {ClipPath} is in storage as {BlobName}: its local copy is now first to go under disk pressure")]
    private partial void LogMarkedUploaded(string clipPath, string blobName);

    [LoggerMessage(7, LogLevel.Warning, "Ignored a message on input 'uploaded': {Reason}")]
    private partial void LogReleaseFailed(string reason);

    [LoggerMessage(5, LogLevel.Debug, "Spool changed while reading it; retrying on the next pass: {Reason}")]
    private partial void LogIndexRetry(string reason);
}

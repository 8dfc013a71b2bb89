using EdgeCam.Edge.Volumes;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Contracts.Triggers;
using EdgeCam.Edge.Hosting;
using EdgeCam.Edge.Messaging;
using EdgeCam.Edge.Twin;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Footage;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Journal;
using EdgeCam.SegmentRecorder.Retention;
using EdgeCam.SegmentRecorder.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder;

/// <summary>
/// SegmentRecorder: indexes the segments CameraCapture writes, turns each ended motion event into an MP4 clip (input
/// <c>motion</c> → output <c>clipReady</c>) and keeps continuous footage bounded by size and age. Open events and clip
/// jobs are journaled on the volume (<see cref="ClipJobJournal"/>), so a crash or a stop loses none of them.
/// </summary>
public sealed partial class SegmentRecorderModule : IEdgeModule
{
    /// <summary>Input carrying <see cref="MotionStarted"/> and <see cref="MotionEnded"/>.</summary>
    public const string MotionInput = "motion";

    /// <summary>Input carrying <see cref="ClipUploaded"/>: the clip is in the cloud, so retention evicts its local copy first.</summary>
    public const string UploadedInput = "uploaded";

    /// <summary>Input carrying <see cref="RecordingTrigger"/>: keep a clip of a camera around a time (a doorbell, an alarm panel, an EventRouter rule).</summary>
    public const string TriggerInput = "trigger";

    /// <summary>Output carrying <see cref="ClipReady"/>.</summary>
    public const string ClipReadyOutput = "clipReady";

    /// <summary>Ended events waiting for their clip; the input handler waits when it is full (events are never dropped).</summary>
    private const int QueueCapacity = 64;

    private readonly SegmentIndex _index;
    private readonly EventProtections _protections;
    private readonly ClipJobJournal _journal;
    private readonly ClipJobProcessor _processor;
    private readonly RetentionScheduler _retention;
    private readonly UploadedClipMarker _uploaded;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClipJobQueue _jobs;
    private readonly SharedVolume _volume;
    private readonly FootageTier _footage;
    private readonly FootageExport _export;

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
        _volume = volume;
        _journal = new ClipJobJournal(ClipJobJournal.DirectoryOf(volume), loggerFactory.CreateLogger<ClipJobJournal>());
        _protections = new EventProtections(_journal.ForgetOpen);
        _index = new SegmentIndex(volume, loggerFactory.CreateLogger<SegmentIndex>());
        var cutter = ClipCutter.Create(volume, loggerFactory.CreateLogger<ClipCutter>());
        _processor = new ClipJobProcessor(_index, cutter, _time, loggerFactory.CreateLogger<ClipJobProcessor>());
        _footage = new FootageTier(_index, cutter, new FootageCursor(volume), loggerFactory.CreateLogger<FootageTier>());
        _export = new FootageExport(_index, cutter, _time, loggerFactory.CreateLogger<FootageExport>());
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

    /// <summary>How often the continuous footage tier looks for a file that is due (when <c>footage.enabled</c>).</summary>
    public TimeSpan FootageInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The index of segments (exposed for the agent's status page and for tests).</summary>
    public SegmentIndex Index => _index;

    /// <summary>The journal of open events and clip jobs (exposed for tests).</summary>
    public ClipJobJournal Journal => _journal;

    /// <inheritdoc />
    public async Task RunAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        Restore();
        client.SetInputHandler(MotionInput, (message, ct) => OnMotionAsync(message, ct));
        client.SetInputHandler(UploadedInput, OnUploadedAsync);
        client.SetInputHandler(TriggerInput, OnTriggerAsync);
        _export.Register(client);
        _binding = TwinSettingsBinding.Create(client, SegmentRecorderSettings.Read, _logger, typeof(SegmentRecorderModule).Assembly);
        await client.OpenAsync(cancellationToken);
        LogStarted(Settings.PreRollSeconds, Settings.PostRollSeconds, Settings.MaxClipSeconds);
        try
        {
            await Task.WhenAll(
                PollIndexAsync(client, cancellationToken),
                CutClipsAsync(client, cancellationToken),
                _footage.RunAsync(client, () => Settings.Footage, FootageInterval, _time, cancellationToken),
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
                    if (!EventIds.IsValid(started.EventId))
                    {
                        LogRejected(type, $"event id '{started.EventId}' cannot name a clip file");
                        return;
                    }

                    var s = Settings;
                    if (_journal.RecordOpen(started, s.PreRollSeconds))
                    {
                        _protections.Protect(started.EventId, ProtectedWindow.ForOpenEvent(started.CameraId, started.Start - s.PreRoll));
                    }

                    break;
                case MessageTypes.MotionEnded:
                    var ended = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.MotionEnded);
                    if (!EventIds.IsValid(ended.EventId))
                    {
                        LogRejected(type, $"event id '{ended.EventId}' cannot name a clip file");
                        return;
                    }

                    // Journaled (fsynced) before the handler returns: returning acknowledges the message.
                    var job = ClipJob.For(ended, Settings);
                    if (!_journal.RecordEnded(job))
                    {
                        LogDuplicateEnded(ended.EventId);
                        return;
                    }

                    Protect(job);
                    if (!await _jobs.TryQueueAsync(job, cancellationToken))
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

    // A trigger becomes a clip job like an ended event, journaled (fsynced) before the handler returns. Its clip is its
    // own, also when the camera is in a motion event: see the README ("Triggers").
    private async Task OnTriggerAsync(ModuleMessage message, CancellationToken cancellationToken)
    {
        RecordingTrigger trigger;
        try
        {
            trigger = ContractJson.Deserialize(message.Body.Span, ContractsJsonContext.Default.RecordingTrigger);
        }
        catch (ContractFormatException ex)
        {
            LogTriggerRejected(ex.Message);
            return;
        }

        if (trigger.Problem() is { } problem)
        {
            LogTriggerRejected(problem);
            return;
        }

        var job = ClipJob.For(trigger, Settings);
        if (!_journal.RecordEnded(job))
        {
            LogDuplicateTrigger(trigger.TriggerId, trigger.CameraId);
            return;
        }

        LogTriggered(trigger.TriggerId, trigger.CameraId, trigger.Source, trigger.Reason ?? string.Empty, job.PreRollSeconds, trigger.DurationSeconds);
        Protect(job);
        if (!await _jobs.TryQueueAsync(job, cancellationToken))
        {
            LogArrivedAfterStop(job.EventId);
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

    // Before the first retention pass and the first message: the journaled open events and jobs are protected again,
    // and the jobs are queued to be finished first.
    private void Restore()
    {
        var contents = _journal.Load();
        foreach (var open in contents.OpenEvents)
        {
            _protections.Protect(open.EventId, ProtectedWindow.ForOpenEvent(open.CameraId, open.ProtectFrom));
        }

        foreach (var job in contents.Jobs)
        {
            Protect(job);
        }

        _jobs.Restore(contents.Jobs);
        if (contents.OpenEvents.Count + contents.Jobs.Count > 0)
        {
            LogRestored(contents.Jobs.Count, string.Join(", ", contents.Jobs.Select(j => j.EventId)), contents.OpenEvents.Count, _journal.Directory);
        }
    }

    private void Protect(ClipJob job)
    {
        var window = ClipJobProcessor.RequestFor(job.Motion, job.Apply(Settings)).EventWindow;
        _protections.Protect(job.EventId, new ProtectedWindow(job.Motion.CameraId, window.Start, window.End, IsOpenEvent: false));
    }

    // Cuts each ended event as it comes; on stop, the queued ones with the footage there is, within StopDrainTimeout.
    // The jobs not finished by then stay journaled (and protected after the restart), to be finished by the next start.
    private async Task CutClipsAsync(IModuleClient client, CancellationToken cancellationToken) =>
        _ = await _jobs.RunAsync((job, ct) => CutAsync(client, job, ct), StopInputGrace, StopDrainTimeout, _processor.StopWaiting, cancellationToken);

    // One job, from where its journal left it: a part cut but not handed over is offered again as it is, then the
    // remaining parts are cut. Each part is journaled as cut before its clipReady is sent, and as handed over after.
    private async Task CutAsync(IModuleClient client, ClipJob job, CancellationToken cancellationToken)
    {
        if (job.Progress is { AwaitsHandOver: true, Clip: { } pending } cut)
        {
            if (await IsIntactAsync(pending, cancellationToken))
            {
                LogReoffered(pending.EventId, pending.ClipPath);
                if (await HandOverAsync(client, job, cut, pending, cancellationToken) is not { } handed)
                {
                    return;
                }

                job = handed;
            }
            else
            {
                LogRecut(pending.EventId, pending.ClipPath);
            }
        }

        if (job.Progress is { } done && done.Resume is null)
        {
            Finish(job);
            return;
        }

        var (firstPart, cursor) = job.Progress?.Resume ?? (1, default(DateTimeOffset?));
        await foreach (var outcome in _processor.ProcessAsync(job.Motion, job.Apply(Settings), firstPart, cursor, cancellationToken))
        {
            // A triggered job's clip names its trigger, as journaled and as sent (a re-offer after a restart sends it as journaled).
            var progress = new ClipJobProgress(outcome.Part, outcome.Cursor, outcome.Next, outcome.Last, outcome.Clip is { } made ? job.Stamp(made) : null, HandedOver: outcome.Clip is null);
            if (progress.Clip is { } clip)
            {
                job = job with { Progress = progress };
                _journal.RecordProgress(job);
                if (await HandOverAsync(client, job, progress, clip, cancellationToken) is not { } handed)
                {
                    return;
                }

                job = handed;
            }
            else
            {
                _clipsFailed++;
                job = job with { Progress = progress };
                if (!outcome.Last)
                {
                    _journal.RecordProgress(job);
                }
            }

            await client.UpdateReportedPropertiesAsync(
                new JsonObject { ["clips"] = new JsonObject { ["ready"] = _clipsReady, ["failed"] = _clipsFailed, ["lastError"] = outcome.Error } },
                cancellationToken);
        }

        Finish(job);
    }

    // Sends clipReady; once SendAsync returned (BlobBuffer accepted and journaled it) the part is journaled as handed
    // over. A send that failed (the receiver closed without taking it, the connection broke) leaves the job journaled
    // and protected as it is, to be offered again after the restart: null then.
    private async Task<ClipJob?> HandOverAsync(IModuleClient client, ClipJob job, ClipJobProgress progress, ClipReady clip, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(ClipReadyOutput, ClipReadyMessage.Create(clip), cancellationToken);
        }
        catch (IOException ex)
        {
            LogHandOverFailed(clip.EventId, ex.Message);
            return null;
        }

        _clipsReady++;
        job = job with { Progress = progress with { HandedOver = true } };
        if (!progress.Last)
        {
            _journal.RecordProgress(job);
        }

        return job;
    }

    private void Finish(ClipJob job)
    {
        _journal.Complete(job.EventId);
        _protections.Release(job.EventId);
    }

    // The clip file as journaled: same size and MD5 (a file changed or gone is cut again from the part's cursor).
    private async Task<bool> IsIntactAsync(ClipReady clip, CancellationToken cancellationToken)
    {
        try
        {
            var path = _volume.Resolve(clip.ClipPath);
            if (!File.Exists(path) || new FileInfo(path).Length != clip.SizeBytes)
            {
                return false;
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
#pragma warning disable CA5351 // Content-MD5 is the integrity checksum Azure Blob Storage reports, not a security measure.
            var md5 = Convert.ToBase64String(await MD5.HashDataAsync(stream, cancellationToken));
#pragma warning restore CA5351
            return string.Equals(md5, clip.ContentMd5, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    [LoggerMessage(10, LogLevel.Warning, "Event {EventId} ended after SegmentRecorder stopped taking events: it is journaled and its clip is cut after the restart")]
    private partial void LogArrivedAfterStop(string eventId);

    [LoggerMessage(11, LogLevel.Information, "Resuming {Jobs} clip job(s) from the journal ({EventIds}) and protecting {Open} open event(s) ({Directory})")]
    private partial void LogRestored(int jobs, string eventIds, int open, string directory);

    [LoggerMessage(12, LogLevel.Information, "Clip {ClipId} ({ClipPath}) was cut before the restart but not handed over: offered again as it is")]
    private partial void LogReoffered(string clipId, string clipPath);

    [LoggerMessage(13, LogLevel.Warning, "Clip {ClipId} was cut before the restart but {ClipPath} is gone or changed: cut again")]
    private partial void LogRecut(string clipId, string clipPath);

    [LoggerMessage(15, LogLevel.Warning, "clipReady of clip {ClipId} was not accepted ({Reason}): the clip stays journaled and is offered again after the restart")]
    private partial void LogHandOverFailed(string clipId, string reason);

    [LoggerMessage(14, LogLevel.Debug, "motionEnded of event {EventId} is journaled already (a repeated delivery): ignored")]
    private partial void LogDuplicateEnded(string eventId);

    [LoggerMessage(16, LogLevel.Information, "Trigger {TriggerId} ({Source}: {Reason}) keeps a clip of {CameraId}: {PreRoll} s before, {Duration} s after")]
    private partial void LogTriggered(string triggerId, string cameraId, string source, string reason, double preRoll, double duration);

    [LoggerMessage(17, LogLevel.Information, "Trigger {TriggerId} for {CameraId} was recorded already (a repeated delivery): ignored")]
    private partial void LogDuplicateTrigger(string triggerId, string cameraId);

    [LoggerMessage(18, LogLevel.Warning, "Ignored a message on input 'trigger': {Reason}")]
    private partial void LogTriggerRejected(string reason);

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

using EdgeCam.CameraCapture.Motion;
using EdgeCam.CameraCapture.Outputs;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Capture;
using EdgeCam.Media.Capture;
using EdgeCam.Media.Processes;

namespace EdgeCam.CameraCapture.Capture;

/// <summary>How one capture session ended.</summary>
/// <param name="Exit">The capture process's exit.</param>
/// <param name="SessionId">The session directory's name.</param>
/// <param name="FramesAnalysed">Frames the detector processed.</param>
/// <param name="Duration">Wall time from start to exit.</param>
internal sealed record CaptureRunResult(CaptureExit Exit, string SessionId, long FramesAnalysed, TimeSpan Duration);

/// <summary>
/// One session of a camera: creates the session directory, writes <c>session.json</c>, runs the capture process,
/// feeds its frames to the detector and tracker, publishes motion events, and on exit closes any open event and
/// records <see cref="CaptureSession.EndedAt"/>. Motion settings changed meanwhile apply between two frames
/// (<see cref="SessionHooks.BeforeFrame"/>); only what the capture process itself uses needs a new session.
/// <para>
/// Clock anchor: <see cref="CaptureSession.StartedAt"/> is the wall clock taken just before ffmpeg starts. Segment
/// times (segments.csv) and motion times are both stream seconds of the same process, so they match each other
/// exactly whatever the anchor; the anchor only shifts both by the time ffmpeg needs to open the source (well under
/// a second for files and local devices, up to the connect time for RTSP).
/// </para>
/// <para>
/// A full volume: a session whose directory or <c>session.json</c> cannot be written is removed again and the
/// <see cref="IOException"/> (ENOSPC) goes to the caller, which waits for space. A session whose closing
/// <c>session.json</c> (with <see cref="CaptureSession.EndedAt"/>) cannot be written is closed by the next
/// <see cref="RunAsync"/>, before it starts another, so SegmentRecorder learns that the old session ended.
/// </para>
/// </summary>
internal sealed class CaptureRun(SharedVolume volume, TimeProvider timeProvider, OutputSender output, string ffmpegPath, SessionHooks? hooks = null, string? toolSearchPath = null)
{
    private (string Directory, CaptureSession Session)? _unclosed;

    /// <exception cref="SourceRejectedException">A file or RTSP source cannot be read or is not video (probed before any session starts).</exception>
    /// <exception cref="MediaToolNotFoundException">ffmpeg or ffprobe is not installed.</exception>
    /// <exception cref="IOException">The session could not be written (<see cref="DiskFull.Caused"/> tells a full volume).</exception>
    public async Task<CaptureRunResult> RunAsync(CameraCaptureSettings settings, Func<CancellationToken, Task> onFirstFrame, CancellationToken cancellationToken)
    {
        CloseUnclosedSession();
        // A file or RTSP camera is probed first: its codec decides copy or encode, its size the analysis frame's shape, and
        // what is not video (a text file) is refused here, before any frame could raise a motion event.
        var source = settings.CaptureSource;
        var video = await SourceProbe.ProbeAsync(source, FfprobePath(ffmpegPath), settings.Camera.NetworkTimeout, cancellationToken);
        var analysisSource = settings.AnalysisCaptureSource;
        var analysisVideo = analysisSource is null ? null : await SourceProbe.ProbeAsync(analysisSource, FfprobePath(ffmpegPath), settings.Camera.NetworkTimeout, cancellationToken);
        var startedAt = timeProvider.GetUtcNow();
        var (sessionId, directory) = CreateSessionDirectory(settings.CameraId, startedAt);
        var session = new CaptureSession(settings.CameraId, sessionId, startedAt, settings.SegmentDuration.TotalSeconds);
        try
        {
            SessionFile.Write(directory, session);
        }
        catch (IOException)
        {
            // Without session.json the directory is a session nobody can read: remove it (deleting needs no space).
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the recorder's cleanup of sessions without segments; the write error is what matters.
            }

            throw;
        }

        var options = new CaptureOptions
        {
            Source = source,
            Video = video,
            AnalysisSource = analysisSource,
            AnalysisVideo = analysisVideo,
            Encoder = settings.Camera.Encoder,
            OutputDirectory = directory,
            SegmentDuration = settings.SegmentDuration,
            AnalysisWidth = settings.AnalysisWidth,
            AnalysisHeight = settings.AnalysisHeight,
            AnalysisFramesPerSecond = settings.AnalysisFramesPerSecond,
            SegmentListFileName = CaptureSession.SegmentListFileName,
            FfmpegPath = ffmpegPath,
            InputFormat = settings.Camera.InputFormat,
            CaptureWidth = settings.Camera.Width > 0 ? settings.Camera.Width : null,
            CaptureHeight = settings.Camera.Height > 0 ? settings.Camera.Height : null,
            CaptureFramesPerSecond = settings.Camera.FramesPerSecond,
            NetworkTimeout = settings.Camera.NetworkTimeout,
            ToolSearchPath = toolSearchPath,
            ColourFrames = true,
            ColourQuality = settings.Snapshots.Quality,
        };
        var shared = hooks ?? SessionHooks.None;
        // Masks and zones are normalised to the frame, so they follow the fitted analysis size unchanged.
        var (analysisWidth, analysisHeight) = options.AnalysisFrameSize;
        var detector = new MotionDetector(analysisWidth, analysisHeight, settings.Detector);
        var tracker = new MotionEventTracker(settings.Events);
        var events = new MotionEventPublisher(settings.CameraId, sessionId, startedAt, output, shared.SnapshotFor, shared.Journal, () => tracker.Options.MaxEventLength);
        shared.SessionStarted(detector);
        long analysed = 0;
        CaptureExit exit;
        CaptureProcess started;
        try
        {
            started = CaptureProcess.Start(options);
        }
        catch (MediaToolNotFoundException)
        {
            shared.SessionEnded();
            SessionFile.Write(directory, session with { EndedAt = timeProvider.GetUtcNow() });
            throw;
        }

        await using (var process = started)
        {
            shared.ProcessStarted(() => process.FramesDropped);
            // The colour JPEGs (snapshots) are drained on their own; the receiver's queue drops the oldest if this lags.
            var colour = DrainColourAsync(process, shared);
            try
            {
                await foreach (var frame in process.Frames.ReadAllAsync(cancellationToken))
                {
                    using (frame)
                    {
                        if (analysed++ == 0)
                        {
                            await onFirstFrame(cancellationToken);
                        }

                        shared.Frame(frame.Pixels, frame.Width, frame.Height);
                        shared.BeforeFrame(detector, tracker);
                        var motion = detector.Process(frame.Pixels);
                        var step = tracker.Observe(frame.Timestamp, motion);
                        await events.PublishAsync(step, frame.Timestamp, motion, cancellationToken);
                    }
                }

                exit = await process.Completion.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                exit = await process.StopAsync(CancellationToken.None);
            }

            await colour;
            shared.ProcessEnded(exit.FramesDropped);
        }

        shared.SessionEnded();

        // Whatever ended the session, an open event ends with it (at its last motion frame).
        if (tracker.Flush() is { } open)
        {
            await events.PublishEndedAsync(open, CancellationToken.None);
        }

        var endedAt = timeProvider.GetUtcNow();
        try
        {
            SessionFile.Write(directory, session with { EndedAt = endedAt });
        }
        catch (IOException ex) when (DiskFull.Caused(ex))
        {
            _unclosed = (directory, session with { EndedAt = endedAt });
        }

        return new CaptureRunResult(exit, sessionId, analysed, endedAt - startedAt);
    }

    private static async Task DrainColourAsync(CaptureProcess process, SessionHooks hooks)
    {
        await foreach (var frame in process.ColourFrames.ReadAllAsync(CancellationToken.None))
        {
            hooks.ColourFrame(frame);
        }
    }

    // The last session ended on a full disk without its EndedAt: written now that there is room (throws while there is none).
    private void CloseUnclosedSession()
    {
        if (_unclosed is { } unclosed)
        {
            if (Directory.Exists(unclosed.Directory))
            {
                SessionFile.Write(unclosed.Directory, unclosed.Session);
            }

            _unclosed = null;
        }
    }

    // ffprobe beside the configured ffmpeg (a bare name stays a name on PATH).
    private static string FfprobePath(string ffmpeg)
    {
        var directory = Path.GetDirectoryName(ffmpeg);
        return string.IsNullOrEmpty(directory) ? "ffprobe" : Path.Combine(directory, "ffprobe");
    }

    // Sortable ids; a suffix keeps two sessions started in the same millisecond apart.
    private (string SessionId, string Directory) CreateSessionDirectory(string cameraId, DateTimeOffset startedAt)
    {
        var baseId = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; ; attempt++)
        {
            var sessionId = attempt == 0 ? baseId : $"{baseId}-{attempt}";
            var directory = volume.SessionDirectory(cameraId, sessionId);
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                return (sessionId, directory);
            }
        }
    }
}

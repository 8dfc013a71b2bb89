using EdgeCam.Contracts.Blobs;
using EdgeCam.Contracts.Clips;
using EdgeCam.Media.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>A time-lapse made on demand (<see cref="TimelapseMethod"/>): the day so far, beside the day's own video.</summary>
internal sealed partial class TimelapseRecorder
{
    /// <summary>
    /// Makes a video of <paramref name="day"/> (null: today, UTC) from its frames kept so far, as
    /// <c>&lt;yyyy-MM-dd&gt;-partial-&lt;HHmmss&gt;.mp4</c> (the second of its last frame), and announces it like the day's
    /// (event id <c>timelapse-&lt;that name&gt;</c>). The frames stay: the day's video is still made from all of them after
    /// midnight. Asked again before another frame was kept, the video made for the same frames is answered, not made again.
    /// Refused (with the status and one line) when the time-lapse is off, the day is in the future or has no frames on
    /// disk, or another encode of this camera runs (409: the nightly one or another call).
    /// </summary>
    public async Task<OnDemandTimelapse> MakeOnDemandAsync(DateOnly? day, Func<ClipReady, Action, CancellationToken, ValueTask> announce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announce);
        Target? target;
        lock (_gate)
        {
            target = _target;
        }

        if (target is null)
        {
            return OnDemandTimelapse.Refused(503, "the time-lapse settings are not known yet (no desired properties received)");
        }

        if (!target.Settings.Enabled)
        {
            return OnDemandTimelapse.Refused(400, "the time-lapse is disabled (timelapse.enabled is false)");
        }

        var today = TimelapseFolder.DayOf(timeProvider.GetUtcNow());
        var wanted = day ?? today;
        if (wanted > today)
        {
            return OnDemandTimelapse.Refused(400, $"day {TimelapseFolder.DayName(wanted)} is in the future (today is {TimelapseFolder.DayName(today)}, UTC)");
        }

        if (!_encoding.TryEnter())
        {
            return OnDemandTimelapse.Refused(409, $"a time-lapse of camera '{target.CameraId}' is being encoded; call again once it is done");
        }

        TimelapseVideo video;
        ClipReady ready;
        string[] frames;
        bool made;
        try
        {
            (video, frames) = Locate(target.CameraId, wanted, out var refusal);
            if (refusal is not null)
            {
                return refusal;
            }

            made = !File.Exists(video.Path);
            if (made)
            {
                var started = timeProvider.GetTimestamp();
                try
                {
                    await WriteVideoAsync(frames, video, target.Settings, cancellationToken);
                }
                catch (Exception ex) when (ex is TimelapseEncodeException or IOException or MediaToolNotFoundException)
                {
                    LogOnDemandFailed(target.CameraId, video.EventId, frames.Length, ex.Message);
                    return OnDemandTimelapse.Refused(500, $"the time-lapse {video.EventId} was not made: {ex.Message}");
                }

                LogMadeOnDemand(target.CameraId, video.EventId, frames.Length, new FileInfo(video.Path).Length / 1024.0, timeProvider.GetElapsedTime(started).TotalSeconds);
            }

            ready = Announcement(target.CameraId, video);
        }
        finally
        {
            _encoding.Exit();
        }

        // Outside the encode lock: a full send queue must not hold up the nightly encode.
        var marker = TimelapseFolder.AnnouncedPath(video);
        if (!File.Exists(marker))
        {
            await announce(ready, () => MarkAnnounced(marker), cancellationToken);
        }

        return new OnDemandTimelapse(200, null, ready, frames.Length, BlobNames.Timelapse(ready.CameraId, ready.EventId, ready.Start), made);
    }

    // The day's frames so far and the video they make, or why there is none.
    private (TimelapseVideo Video, string[] Frames) Locate(string cameraId, DateOnly day, out OnDemandTimelapse? refusal)
    {
        var folder = new TimelapseFolder(volume.TimelapseDirectory(cameraId));
        var frames = folder.Frames(day);
        var dayVideo = folder.DayVideo(day);
        refusal = null;
        if (frames.Length == 0)
        {
            refusal = OnDemandTimelapse.Refused(404, File.Exists(dayVideo.Path)
                ? $"no frames of {TimelapseFolder.DayName(day)} are on disk: its time-lapse was made after the day ended ({volume.ToRelative(dayVideo.Path)})"
                : $"no frames of {TimelapseFolder.DayName(day)} are on disk for camera '{cameraId}'");
            return (dayVideo, frames);
        }

        if (!TimelapseFolder.TryFrameTime(frames[^1], out var upTo))
        {
            refusal = OnDemandTimelapse.Refused(500, $"frame {volume.ToRelative(frames[^1])} is not named <HHmmss>.jpg");
            return (dayVideo, frames);
        }

        return (folder.PartialVideo(day, upTo), frames);
    }

    [LoggerMessage(76, LogLevel.Information, "Camera {CameraId}: time-lapse {EventId} made on demand from {Frames} frame(s), {Kilobytes:0} KB in {Seconds:0.0} s; the frames stay for the day's own")]
    private partial void LogMadeOnDemand(string cameraId, string eventId, int frames, double kilobytes, double seconds);

    [LoggerMessage(77, LogLevel.Warning, "Camera {CameraId}: time-lapse {EventId} ({Frames} frame(s)) asked for was not made: {Reason}")]
    private partial void LogOnDemandFailed(string cameraId, string eventId, int frames, string reason);
}

/// <summary>The outcome of <see cref="TimelapseRecorder.MakeOnDemandAsync"/>: the video and what it was announced as, or a status and one line.</summary>
/// <param name="Made">False when the video of the same frames was made by an earlier call.</param>
internal sealed record OnDemandTimelapse(int Status, string? Error, ClipReady? Ready, int Frames, string? BlobName, bool Made)
{
    public static OnDemandTimelapse Refused(int status, string error) => new(status, error, null, 0, null, false);
}

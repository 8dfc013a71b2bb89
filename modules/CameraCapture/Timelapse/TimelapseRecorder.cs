using System.Security.Cryptography;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Durability;
using EdgeCam.Media.Frames;
using EdgeCam.Media.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// A daily time-lapse of one camera. Every <see cref="TimelapseSettings.Interval"/> (slots counted from UTC midnight) it
/// keeps the newest colour JPEG of the capture process (the snapshots' frames, <see cref="Snapshots.SnapshotWriter"/>)
/// durably as <c>timelapse/&lt;cameraId&gt;/&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt;.jpg</c>; a frame already kept (capture stopped)
/// is not kept twice. At start and at each UTC midnight every earlier day that has frames and no video is made into
/// one MP4 (<see cref="TimelapseEncoder"/>), written durably and renamed into place, then its frames are deleted and it
/// is announced as <c>clipReady</c> of kind <see cref="ClipKinds.Timelapse"/> (event id <c>timelapse-&lt;yyyy-MM-dd&gt;</c>)
/// for BlobBuffer. A video of a day so far can be made on demand (TimelapseRecorder.OnDemand.cs), one encode at a time
/// (<see cref="EncodeGate"/>). Videos are kept <see cref="TimelapseSettings.KeepDays"/> days. All in one loop: a day is
/// made while no frame is being written, and a restart at any point makes each day once and announces every video until sent.
/// </summary>
internal sealed partial class TimelapseRecorder(SharedVolume volume, Func<ColourFrame?> newestFrame, TimelapseEncoder encoder, Func<bool> volumeLow, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Output carrying the time-lapse's <c>clipReady</c> (routed to BlobBuffer's <c>clipReady</c>).</summary>
    public const string OutputName = "timelapse";

    private readonly Lock _gate = new();
    private readonly EncodeGate _encoding = new();
    private Target? _target;
    private TaskCompletionSource _changed = NewSignal();
    private ColourFrame? _lastKept;
    private bool _skipping;

    /// <summary>Applies settings live (a new interval or camera id takes effect at once).</summary>
    public void Update(string cameraId, TimelapseSettings settings)
    {
        lock (_gate)
        {
            _target = new Target(cameraId, settings);
            _changed.TrySetResult();
            _changed = NewSignal();
        }
    }

    /// <summary>Keeps frames and makes days until cancelled; each made day goes to <paramref name="announce"/> (its callback runs once it was sent).</summary>
    public async Task RunAsync(Func<ClipReady, Action, CancellationToken, ValueTask> announce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announce);
        DateOnly? madeBefore = null;
        string? madeFor = null;
        DateTimeOffset? due = null;
        while (true)
        {
            Target? target;
            Task changed;
            lock (_gate)
            {
                target = _target;
                changed = _changed.Task;
            }

            if (target is null)
            {
                await changed.WaitAsync(cancellationToken);
                continue;
            }

            var now = timeProvider.GetUtcNow();
            var settings = target.Settings;
            if (settings.Enabled && due is { } slot && now >= slot)
            {
                Keep(target.CameraId, slot);
            }

            var today = TimelapseFolder.DayOf(now);
            if (madeBefore != today || madeFor != target.CameraId)
            {
                try
                {
                    await MakeDaysBeforeAsync(target, today, announce, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A frame directory or an old video that cannot be deleted: tried again at the next midnight or start.
                    LogCleanupFailed(target.CameraId, ex.Message);
                }

                (madeBefore, madeFor) = (today, target.CameraId);
                now = timeProvider.GetUtcNow();
            }

            due = settings.Enabled ? NextSlot(now, settings.Interval) : null;
            var wake = due ?? NextSlot(now, TimeSpan.FromDays(1));
            try
            {
                await changed.WaitAsync(wake - now, timeProvider, cancellationToken);
                due = null; // Settings changed: slots are counted again with the new interval.
            }
            catch (TimeoutException)
            {
                // The slot (or midnight) came.
            }
        }
    }

    /// <summary>The first slot after <paramref name="now"/>: a multiple of <paramref name="interval"/> since UTC midnight, or the next midnight.</summary>
    internal static DateTimeOffset NextSlot(DateTimeOffset now, TimeSpan interval)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var next = midnight + (interval * (Math.Floor((now - midnight) / interval) + 1));
        return next < midnight.AddDays(1) ? next : midnight.AddDays(1);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Keep(string cameraId, DateTimeOffset slot)
    {
        var frame = newestFrame();
        string? skip = frame is null || ReferenceEquals(frame, _lastKept) ? "no new colour frame (capture is not running)"
            : volumeLow() ? "the shared volume is nearly full" : null;
        if (skip is null)
        {
            var path = new TimelapseFolder(volume.TimelapseDirectory(cameraId)).FramePath(slot);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                DurableFile.WriteAtomically(path, frame!.Jpeg.Span);
                _lastKept = frame;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                skip = ex.Message;
            }
        }

        // One line per change between keeping and skipping, never one per frame.
        if (skip is not null && !_skipping)
        {
            LogSkipping(cameraId, skip);
        }
        else if (skip is null && _skipping)
        {
            LogKeeping(cameraId);
        }

        _skipping = skip is not null;
    }

    private async Task MakeDaysBeforeAsync(Target target, DateOnly today, Func<ClipReady, Action, CancellationToken, ValueTask> announce, CancellationToken cancellationToken)
    {
        var folder = new TimelapseFolder(volume.TimelapseDirectory(target.CameraId));
        var oldest = today.AddDays(-target.Settings.KeepDays);
        List<(ClipReady Ready, string Marker)> unannounced = [];
        // One encode at a time per camera: a video made on demand (MakeOnDemandAsync) waits, or this waits for it.
        await _encoding.EnterAsync(cancellationToken);
        try
        {
            foreach (var leftover in folder.EncodingLeftovers())
            {
                File.Delete(leftover);
            }

            foreach (var day in folder.FrameDays().Where(d => d < today))
            {
                if (!File.Exists(folder.DayVideo(day).Path) && day >= oldest && !await TryMakeAsync(folder, target, day, cancellationToken))
                {
                    continue;
                }

                // The video is durable (or the day is past keeping): its frames are not needed any more.
                Directory.Delete(folder.DayDirectory(day), recursive: true);
                DurableFile.FlushDirectory(folder.Directory);
            }

            // The days' videos and those made on demand alike: kept keepDays, announced until one send completed.
            foreach (var video in folder.Videos().Where(v => v.Day < today || v.UpTo is not null))
            {
                if (video.Day < oldest)
                {
                    DurableFile.Delete(video.Path);
                    DurableFile.Delete(TimelapseFolder.AnnouncedPath(video));
                }
                else if (!File.Exists(TimelapseFolder.AnnouncedPath(video)))
                {
                    unannounced.Add((Announcement(target.CameraId, video), TimelapseFolder.AnnouncedPath(video)));
                }
            }
        }
        finally
        {
            _encoding.Exit();
        }

        foreach (var (ready, marker) in unannounced)
        {
            await announce(ready, () => MarkAnnounced(marker), cancellationToken);
        }
    }

    private async Task<bool> TryMakeAsync(TimelapseFolder folder, Target target, DateOnly day, CancellationToken cancellationToken)
    {
        var frames = folder.Frames(day);
        if (frames.Length == 0)
        {
            return true; // Nothing to make: the empty directory goes.
        }

        var video = folder.DayVideo(day);
        var started = timeProvider.GetTimestamp();
        try
        {
            await WriteVideoAsync(frames, video, target.Settings, cancellationToken);
        }
        catch (Exception ex) when (ex is TimelapseEncodeException or IOException or MediaToolNotFoundException)
        {
            // Kept for the next midnight or start; a day that never works is given up after keepDays.
            LogMakeFailed(target.CameraId, TimelapseFolder.DayName(day), frames.Length, ex.Message);
            return false;
        }

        LogMade(target.CameraId, TimelapseFolder.DayName(day), frames.Length, new FileInfo(video.Path).Length / 1024.0, timeProvider.GetElapsedTime(started).TotalSeconds, encoder.Codec ?? "?");
        return true;
    }

    // Encodes to a hidden file, flushes it and renames it into place (the caller holds _encoding); nothing is left on failure.
    private async Task WriteVideoAsync(string[] frames, TimelapseVideo video, TimelapseSettings settings, CancellationToken cancellationToken)
    {
        var encoding = TimelapseFolder.EncodingPath(video);
        try
        {
            await encoder.EncodeAsync(frames, encoding, settings, cancellationToken);
            using (var written = new FileStream(encoding, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }

            File.Move(encoding, video.Path);
            DurableFile.FlushDirectory(Path.GetDirectoryName(video.Path)!);
        }
        catch
        {
            File.Delete(encoding);
            throw;
        }
    }

    private ClipReady Announcement(string cameraId, TimelapseVideo video)
    {
        byte[] md5;
        long size;
        using (var stream = File.OpenRead(video.Path))
        {
#pragma warning disable CA5351 // Content-MD5 is the integrity checksum Azure Blob Storage reports, not a security measure.
            md5 = MD5.HashData(stream);
#pragma warning restore CA5351
            size = stream.Length;
        }

        return new ClipReady(cameraId, video.EventId, volume.ToRelative(video.Path), video.Start, video.End, size, Convert.ToBase64String(md5), Kind: ClipKinds.Timelapse);
    }

    // Runs on the sending task once the message was sent; a failure only means it is announced again (BlobBuffer takes a repeat once).
    private void MarkAnnounced(string marker)
    {
        try
        {
            DurableFile.WriteAtomically(marker, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogMarkFailed(marker, ex.Message);
        }
    }

    [LoggerMessage(70, LogLevel.Information, "Camera {CameraId}: time-lapse of {Day} made from {Frames} frame(s), {Kilobytes:0} KB in {Seconds:0.0} s ({Codec})")]
    private partial void LogMade(string cameraId, string day, int frames, double kilobytes, double seconds, string codec);

    [LoggerMessage(71, LogLevel.Warning, "Camera {CameraId}: time-lapse of {Day} ({Frames} frame(s)) not made, tried again at the next midnight or start: {Reason}")]
    private partial void LogMakeFailed(string cameraId, string day, int frames, string reason);

    [LoggerMessage(72, LogLevel.Information, "Camera {CameraId}: time-lapse frames skipped until this changes: {Reason}")]
    private partial void LogSkipping(string cameraId, string reason);

    [LoggerMessage(73, LogLevel.Information, "Camera {CameraId}: time-lapse frames kept again")]
    private partial void LogKeeping(string cameraId);

    [LoggerMessage(74, LogLevel.Warning, "Time-lapse marker {Path} not written (the video is announced again at the next start): {Reason}")]
    private partial void LogMarkFailed(string path, string reason);

    [LoggerMessage(75, LogLevel.Warning, "Camera {CameraId}: time-lapse files not cleaned up, tried again at the next midnight or start: {Reason}")]
    private partial void LogCleanupFailed(string cameraId, string reason);

    private sealed record Target(string CameraId, TimelapseSettings Settings);
}

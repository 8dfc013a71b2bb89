using System.Globalization;
using EdgeCam.Contracts.Clips;
using EdgeCam.Edge.Messaging;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Cutting;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using Microsoft.Extensions.Logging;

namespace EdgeCam.SegmentRecorder.Footage;

/// <summary>
/// The continuous footage tier: for each covered camera, joins the next <see cref="FootagePlanner"/> piece without
/// re-encoding (the clip path: <see cref="ClipCutter"/>, ffmpeg's concat demuxer with <c>-c copy</c>) into
/// <c>clips/&lt;camera&gt;/footage-&lt;start&gt;.mp4</c>, sends it as <see cref="ClipReady"/> of kind
/// <see cref="ClipKinds.Footage"/>, and only then advances the camera's durable <see cref="FootageCursor"/>. It protects
/// nothing: retention stays the hard bound, and a file covers what retention still held when it was cut.
/// </summary>
public sealed partial class FootageTier
{
    private readonly SegmentIndex _index;
    private readonly ClipCutter _cutter;
    private readonly FootageCursor _cursor;
    private readonly ILogger _logger;
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    public FootageTier(SegmentIndex index, ClipCutter cutter, FootageCursor cursor, ILogger<FootageTier> logger)
    {
        _index = index;
        _cutter = cutter;
        _cursor = cursor;
        _logger = logger;
    }

    /// <summary>The event id of the footage file starting at <paramref name="start"/>: <c>footage-yyyyMMddTHHmmssfffZ</c>.</summary>
    public static string FileId(DateTimeOffset start) =>
        "footage-" + start.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Makes every footage file that is due, camera after camera; returns how many were handed over.</summary>
    public async Task<int> MakeDueAsync(IModuleClient client, FootageSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return 0;
        }

        var made = 0;
        var cameras = _index.AllSegments().Select(s => s.CameraId).Distinct(StringComparer.Ordinal).Where(settings.Covers).ToList();
        foreach (var camera in cameras)
        {
            while (FootagePlanner.Next(_index.Segments(camera), _cursor.EndOf(camera), TimeSpan.FromSeconds(settings.FileSeconds), s => _index.HasEnded(camera, s)) is { } piece)
            {
                if (!await MakeAsync(client, camera, piece, cancellationToken))
                {
                    break;
                }

                made++;
            }
        }

        return made;
    }

    /// <summary>Runs <see cref="MakeDueAsync"/> every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(IModuleClient client, Func<FootageSettings> settings, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await MakeDueAsync(client, settings(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // One file: cut, handed over, then the cursor moves. A failure that is not the footage's (ffmpeg could not write,
    // the send failed, retention deleted a segment meanwhile) leaves the cursor, so the next pass plans again from it;
    // footage whose segments are all there and none readable is skipped (each named once in the log by the cutter), or
    // the tier would wait on it forever.
    private async Task<bool> MakeAsync(IModuleClient client, string camera, FootagePiece piece, CancellationToken cancellationToken)
    {
        var plan = new ClipPlan(piece.Segments, piece.Start, piece.End, null, null, IsComplete: true);
        ClipReady clip;
        try
        {
            clip = await _cutter.CutAsync(camera, FileId(piece.Start), plan, cancellationToken) with { Kind = ClipKinds.Footage };
        }
        catch (ClipCutException ex) when (ex.SegmentPath is not null && piece.Segments.All(s => File.Exists(s.Path)))
        {
            LogSkipped(camera, piece.Start, piece.End, ex.Message);
            _cursor.Advance(camera, piece.End);
            return true;
        }
        catch (Exception ex) when (ex is ClipCutException or IOException or UnauthorizedAccessException)
        {
            Failing(camera, ex.Message);
            return false;
        }

        try
        {
            await client.SendAsync(SegmentRecorderModule.ClipReadyOutput, ClipReadyMessage.Create(clip), cancellationToken);
        }
        catch (IOException ex)
        {
            Failing(camera, ex.Message);
            return false;
        }

        _cursor.Advance(camera, piece.End);
        if (_failing.Remove(camera))
        {
            LogRecovered(camera);
        }

        LogMade(clip.ClipPath, camera, clip.Start, clip.Duration.TotalSeconds, piece.Segments.Count, clip.SizeBytes);
        return true;
    }

    private void Failing(string camera, string reason)
    {
        if (_failing.Add(camera))
        {
            LogFailed(camera, reason);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Footage {ClipPath} of {CameraId} from {Start:O}: {Seconds:0.###} s of {Segments} segment(s), {SizeBytes} bytes, handed to BlobBuffer")]
    private partial void LogMade(string clipPath, string cameraId, DateTimeOffset start, double seconds, int segments, long sizeBytes);

    [LoggerMessage(2, LogLevel.Warning, "Footage of {CameraId} could not be made ({Reason}); retried on every pass until it works")]
    private partial void LogFailed(string cameraId, string reason);

    [LoggerMessage(3, LogLevel.Information, "Footage of {CameraId} is made again")]
    private partial void LogRecovered(string cameraId);

    [LoggerMessage(4, LogLevel.Warning, "Footage of {CameraId} from {Start:O} to {End:O} has no readable segment ({Reason}): skipped")]
    private partial void LogSkipped(string cameraId, DateTimeOffset start, DateTimeOffset end, string reason);
}

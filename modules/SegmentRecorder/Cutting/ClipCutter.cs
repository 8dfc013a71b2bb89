using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Cutting;

/// <summary>
/// Turns a <see cref="ClipPlan"/> into an MP4 in <see cref="SharedVolume.ClipsDirectory"/> and describes it as a
/// <see cref="ClipReady"/>.
/// <para>
/// Times are exact media times, not the planned window. Copy-mode cuts can only start on a keyframe, so the clip
/// starts at the last keyframe at or before the window start (a little more pre-roll, never less):
/// <c>Start = segment start + (keyframe pts − first packet pts of that segment)</c>, where the segment start is the
/// session start plus the stream time ffmpeg listed. <c>End = Start + the video duration ffprobe reads from the
/// finished MP4</c>, i.e. the end of the last frame's display. The tail is cut at the window end; the demuxer compares
/// decode times there, so the clip ends at or up to the decoder delay (B-frames) plus one frame after the window end.
/// </para>
/// <para>
/// Damaged segments do not lose the clip (<see cref="SegmentInspector"/>): an empty, missing or unreadable one is left
/// out, a truncated one gives its readable beginning, and the clip is cut from the rest. Its duration is then the
/// footage it really holds (the gap is closed, not padded), and each damaged segment is named once in the log with the
/// footage lost, however many clips or attempts touch it.
/// </para>
/// </summary>
public sealed partial class ClipCutter
{
    /// <summary>Damaged segments remembered beyond this are dropped once their file is gone (retention deleted it).</summary>
    private const int DamagedRemembered = 256;

    /// <summary>Whole segments remembered (each is probed once, not once per clip attempt); the memory starts over past this.</summary>
    private const int WholeRemembered = 512;

    private readonly SharedVolume _volume;
    private readonly MediaProbe _probe;
    private readonly ConcatClipWriter _writer;
    private readonly SegmentInspector _inspector;
    private readonly ILogger _logger;

    // A closed segment does not heal: each damaged one is inspected and named once, then remembered.
    private readonly ConcurrentDictionary<string, SegmentCondition> _damaged = new(StringComparer.Ordinal);

    // Whole segments already checked, with their length then: the same length later means the same file.
    private readonly ConcurrentDictionary<string, SegmentCondition> _whole = new(StringComparer.Ordinal);

    public ClipCutter(SharedVolume volume, MediaProbe probe, ConcatClipWriter writer, ILogger<ClipCutter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(writer);
        _volume = volume;
        _probe = probe;
        _writer = writer;
        _inspector = new SegmentInspector(probe);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a cutter using ffmpeg and ffprobe from PATH.</summary>
    public static ClipCutter Create(SharedVolume volume, ILogger<ClipCutter>? logger = null)
    {
        var probe = new MediaProbe();
        return new ClipCutter(volume, probe, new ConcatClipWriter(probe), logger);
    }

    /// <summary>Writes <c>clips/&lt;camera&gt;/&lt;eventId&gt;.mp4</c> for <paramref name="plan"/> and returns its description.</summary>
    /// <exception cref="ClipCutException">No segment of the plan is readable, or ffmpeg failed.</exception>
    public async Task<ClipReady> CutAsync(string cameraId, string eventId, ClipPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            throw new ClipCutException($"No footage of camera '{cameraId}' covers event '{eventId}'.");
        }

        EventIds.Check(eventId);
        var usable = await UsableSegmentsAsync(plan, cancellationToken);
        var start = await ChooseStartAsync(plan, usable, cancellationToken)
            ?? throw new ClipCutException(
                $"No readable footage of camera '{cameraId}' covers event '{eventId}': all {plan.Segments.Count} segment(s) of its window are damaged (each named in the log).",
                plan.Segments[0].Path);

        var (last, lastCondition) = usable[^1];
        var outpoint = lastCondition.OutpointSeconds;
        if (ReferenceEquals(last, plan.Segments[^1]) && plan.OutpointOffset is { } outOffset)
        {
            var lastOrigin = ReferenceEquals(start.Segment, last) ? start.Keys.FirstPacketSeconds : (await ReadKeyframesAsync(last.Path, cancellationToken)).FirstPacketSeconds;
            var planned = lastOrigin + outOffset.TotalSeconds;
            outpoint = outpoint is { } readable ? Math.Min(readable, planned) : planned;
        }

        // The inspection already compared each whole segment with its listed length: no expected duration to check again.
        var parts = usable
            .Select((u, i) => new ConcatPart(
                u.Segment.Path,
                i == 0 ? start.Inpoint : null,
                i == usable.Count - 1 ? outpoint : u.Condition.OutpointSeconds,
                Truncated: u.Condition.Damage == SegmentDamage.Truncated))
            .ToList();

        var directory = _volume.ClipsDirectory(cameraId);
        var path = Path.Combine(directory, eventId + ".mp4");
        await _writer.WriteAsync(parts, path, cancellationToken);

        var times = await _probe.ReadTimesAsync(path, cancellationToken);
        var (size, md5) = await HashAsync(path, cancellationToken);
        var clipStart = start.Segment.Start + TimeSpan.FromSeconds(start.Keyframe.PresentationSeconds - start.Keys.FirstPacketSeconds);
        return new ClipReady(cameraId, eventId, _volume.ToRelative(path), clipStart, clipStart + TimeSpan.FromSeconds(times.DurationSeconds), size, md5);
    }

    /// <summary>
    /// The media time a clip of <paramref name="plan"/> would start at: the keyframe at or before the window start (or
    /// the start of the first readable segment when the first ones are damaged); the window start when none is readable.
    /// </summary>
    public async Task<DateTimeOffset> FirstFrameAsync(ClipPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            return plan.WindowStart;
        }

        // Only the first segment that can start the clip matters here: inspect no further.
        foreach (var segment in plan.Segments)
        {
            var condition = await InspectAsync(segment, cancellationToken);
            if (condition.IsUsable && await ChooseStartAsync(plan, [(segment, condition)], cancellationToken) is { } start)
            {
                return start.Segment.Start + TimeSpan.FromSeconds(start.Keyframe.PresentationSeconds - start.Keys.FirstPacketSeconds);
            }
        }

        return plan.WindowStart;
    }

    // The plan's segments a clip can take something from, each with what it can take; damaged ones named once.
    private async Task<List<(RecordedSegment Segment, SegmentCondition Condition)>> UsableSegmentsAsync(ClipPlan plan, CancellationToken cancellationToken)
    {
        var usable = new List<(RecordedSegment, SegmentCondition)>(plan.Segments.Count);
        foreach (var segment in plan.Segments)
        {
            var condition = await InspectAsync(segment, cancellationToken);
            if (condition.IsUsable)
            {
                usable.Add((segment, condition));
            }
        }

        return usable;
    }

    private async Task<SegmentCondition> InspectAsync(RecordedSegment segment, CancellationToken cancellationToken)
    {
        if (_damaged.TryGetValue(segment.Path, out var known))
        {
            // Retention may have deleted it since: then there is nothing left to take (and nothing new to say).
            return File.Exists(segment.Path) || known.Damage == SegmentDamage.Missing ? known : known with { Damage = SegmentDamage.Missing, OutpointSeconds = null };
        }

        if (_whole.TryGetValue(segment.Path, out var whole) && File.Exists(segment.Path) && new FileInfo(segment.Path).Length == whole.Bytes)
        {
            return whole;
        }

        var condition = await _inspector.InspectAsync(segment.Path, segment.Unclosed ? null : segment.Duration.TotalSeconds, segment.Unclosed, cancellationToken);
        if (condition.Damage != SegmentDamage.None)
        {
            _whole.TryRemove(segment.Path, out _);
            Remember(segment, condition);
        }
        else
        {
            if (_whole.Count >= WholeRemembered)
            {
                _whole.Clear();
            }

            _whole[segment.Path] = condition;
        }

        return condition;
    }

    private void Remember(RecordedSegment segment, SegmentCondition condition)
    {
        if (_damaged.Count >= DamagedRemembered)
        {
            foreach (var gone in _damaged.Keys.Where(p => !File.Exists(p)).ToList())
            {
                _damaged.TryRemove(gone, out _);
            }
        }

        if (!_damaged.TryAdd(segment.Path, condition))
        {
            return;
        }

        if (segment.Unclosed)
        {
            LogUnclosedSegment(condition.Describe(), segment.CameraId, segment.Start + TimeSpan.FromSeconds(condition.ReadableSeconds));
        }
        else
        {
            var lostFrom = segment.Start + TimeSpan.FromSeconds(Math.Min(condition.ReadableSeconds, segment.Duration.TotalSeconds));
            LogSegmentDamaged(condition.Describe(), (segment.End - lostFrom).TotalSeconds, segment.CameraId, lostFrom, segment.End);
        }
    }

    // The first readable segment and the keyframe the clip starts on: at or before the window start when that segment is
    // the plan's first, else its first. Null when nothing is readable.
    private async Task<ClipStart?> ChooseStartAsync(ClipPlan plan, List<(RecordedSegment Segment, SegmentCondition Condition)> usable, CancellationToken cancellationToken)
    {
        while (usable.Count > 0)
        {
            var (first, condition) = usable[0];
            var keys = await ReadKeyframesAsync(first.Path, cancellationToken);
            var isPlanFirst = ReferenceEquals(first, plan.Segments[0]);
            var offset = isPlanFirst ? plan.InpointOffset : null;
            var wantedIn = keys.FirstPacketSeconds + (offset ?? TimeSpan.Zero).TotalSeconds;
            var keyframe = keys.KeyframeAtOrBefore(wantedIn) ?? new Keyframe(keys.FirstPacketSeconds, keys.FirstPacketSeconds);

            // The concat demuxer's inpoint compares decode times: the keyframe's DTS keeps it (its PTS would drop its GOP).
            double? inpoint = offset is null ? null : keyframe.DecodeSeconds;
            if (condition.OutpointSeconds is { } readableEnd && keyframe.DecodeSeconds >= readableEnd)
            {
                // A truncated first segment whose readable part ends before the window starts: the clip starts after it.
                usable.RemoveAt(0);
                continue;
            }

            return new ClipStart(first, keys, keyframe, inpoint);
        }

        return null;
    }

    private async Task<VideoKeyframes> ReadKeyframesAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ClipCutException($"Segment '{path}' is missing.", path);
        }

        try
        {
            return await _probe.ReadKeyframesAsync(path, cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            throw new ClipCutException($"Segment '{path}' is unreadable: {ex.Message}", path, ex);
        }
    }

    private static async Task<(long Size, string Md5)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
#pragma warning disable CA5351 // Content-MD5 is the integrity checksum Azure Blob Storage reports, not a security measure.
        var hash = await MD5.HashDataAsync(stream, cancellationToken);
#pragma warning restore CA5351
        return (stream.Length, Convert.ToBase64String(hash));
    }

    [LoggerMessage(1, LogLevel.Warning, "{Condition}; clips lose {LostSeconds:0.###} s of camera {CameraId} from {LostFrom:O} to {LostTo:O}")]
    private partial void LogSegmentDamaged(string condition, double lostSeconds, string cameraId, DateTimeOffset lostFrom, DateTimeOffset lostTo);

    [LoggerMessage(2, LogLevel.Warning, "{Condition}; the capture stopped while writing it (not listed), so camera {CameraId} has no footage from {LostFrom:O} until its next session")]
    private partial void LogUnclosedSegment(string condition, string cameraId, DateTimeOffset lostFrom);

    private sealed record ClipStart(RecordedSegment Segment, VideoKeyframes Keys, Keyframe Keyframe, double? Inpoint);
}

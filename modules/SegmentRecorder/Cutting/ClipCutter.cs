using System.Security.Cryptography;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Media.Clips;
using EdgeCam.SegmentRecorder.Planning;

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
/// </summary>
public sealed class ClipCutter
{
    private readonly SharedVolume _volume;
    private readonly MediaProbe _probe;
    private readonly ConcatClipWriter _writer;

    public ClipCutter(SharedVolume volume, MediaProbe probe, ConcatClipWriter writer)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(writer);
        _volume = volume;
        _probe = probe;
        _writer = writer;
    }

    /// <summary>Creates a cutter using ffmpeg and ffprobe from PATH.</summary>
    public static ClipCutter Create(SharedVolume volume)
    {
        var probe = new MediaProbe();
        return new ClipCutter(volume, probe, new ConcatClipWriter(probe));
    }

    /// <summary>Writes <c>clips/&lt;camera&gt;/&lt;eventId&gt;.mp4</c> for <paramref name="plan"/> and returns its description.</summary>
    /// <exception cref="ClipCutException">A segment is missing, truncated or unreadable (named), or ffmpeg failed.</exception>
    public async Task<ClipReady> CutAsync(string cameraId, string eventId, ClipPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            throw new ClipCutException($"No footage of camera '{cameraId}' covers event '{eventId}'.");
        }

        EventIds.Check(eventId);
        var first = plan.Segments[0];
        var last = plan.Segments[^1];
        var firstKeys = await ReadKeyframesAsync(first.Path, cancellationToken);

        // Start on the last keyframe at or before the wanted start: a copy-mode cut cannot start anywhere else.
        var wantedIn = firstKeys.FirstPacketSeconds + (plan.InpointOffset ?? TimeSpan.Zero).TotalSeconds;
        var keyframe = firstKeys.KeyframeAtOrBefore(wantedIn) ?? new Keyframe(firstKeys.FirstPacketSeconds, firstKeys.FirstPacketSeconds);

        // The concat demuxer's inpoint compares decode times: the keyframe's DTS keeps it (its PTS would drop its GOP).
        double? inpoint = plan.InpointOffset is null ? null : keyframe.DecodeSeconds;
        var start = first.Start + TimeSpan.FromSeconds(keyframe.PresentationSeconds - firstKeys.FirstPacketSeconds);

        double? outpoint = null;
        if (plan.OutpointOffset is { } outOffset)
        {
            var lastOrigin = ReferenceEquals(first, last) ? firstKeys.FirstPacketSeconds : (await ReadKeyframesAsync(last.Path, cancellationToken)).FirstPacketSeconds;
            outpoint = lastOrigin + outOffset.TotalSeconds;
        }

        var parts = plan.Segments
            .Select((s, i) => new ConcatPart(
                s.Path,
                i == 0 ? inpoint : null,
                i == plan.Segments.Count - 1 ? outpoint : null,
                s.Duration.TotalSeconds))
            .ToList();

        var directory = _volume.ClipsDirectory(cameraId);
        var path = Path.Combine(directory, eventId + ".mp4");
        await _writer.WriteAsync(parts, path, cancellationToken);

        var times = await _probe.ReadTimesAsync(path, cancellationToken);
        var (size, md5) = await HashAsync(path, cancellationToken);
        return new ClipReady(cameraId, eventId, _volume.ToRelative(path), start, start + TimeSpan.FromSeconds(times.DurationSeconds), size, md5);
    }

    /// <summary>The media time a clip of <paramref name="plan"/> would start at: the keyframe at or before the window start.</summary>
    /// <exception cref="ClipCutException">The first segment is missing or unreadable.</exception>
    public async Task<DateTimeOffset> FirstFrameAsync(ClipPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.IsEmpty)
        {
            return plan.WindowStart;
        }

        var first = plan.Segments[0];
        var keys = await ReadKeyframesAsync(first.Path, cancellationToken);
        var wantedIn = keys.FirstPacketSeconds + (plan.InpointOffset ?? TimeSpan.Zero).TotalSeconds;
        var keyframe = keys.KeyframeAtOrBefore(wantedIn) ?? new Keyframe(keys.FirstPacketSeconds, keys.FirstPacketSeconds);
        return first.Start + TimeSpan.FromSeconds(keyframe.PresentationSeconds - keys.FirstPacketSeconds);
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
}

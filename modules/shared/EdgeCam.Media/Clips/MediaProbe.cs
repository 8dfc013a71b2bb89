using System.Globalization;
using System.Text.Json;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Clips;

/// <summary>Reads media times with ffprobe: where a file starts, how long it lasts, where its keyframes are.</summary>
public sealed class MediaProbe
{
    private readonly string _ffprobe;

    /// <summary>Uses <paramref name="ffprobe"/> (a name on PATH or an absolute path).</summary>
    public MediaProbe(string ffprobe = "ffprobe")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffprobe);
        _ffprobe = ffprobe;
    }

    /// <summary>
    /// Start and duration of the first video stream (the container's when the stream does not say), in the file's own
    /// timestamps.
    /// </summary>
    /// <exception cref="MediaProbeException">ffprobe could not read the file.</exception>
    public async Task<MediaTimes> ReadTimesAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(
            _ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_time,duration:format=start_time,duration", "-of", "json", path],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new MediaProbeException(path, result.ErrorTail());
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        JsonElement? stream = root.TryGetProperty("streams", out var streams) && streams.GetArrayLength() > 0 ? streams[0] : null;
        JsonElement? format = root.TryGetProperty("format", out var f) ? f : null;
        var start = Seconds(stream, "start_time") ?? Seconds(format, "start_time") ?? 0;
        var duration = Seconds(stream, "duration") ?? Seconds(format, "duration")
            ?? throw new MediaProbeException(path, "no duration (is it a video file?)");
        return new MediaTimes(start, duration);
    }

    /// <summary>The codec of the first video stream as ffprobe names it (<c>h264</c>, <c>hevc</c>), or null when there is none.</summary>
    /// <exception cref="MediaProbeException">ffprobe could not read the file.</exception>
    public async Task<string?> ReadVideoCodecAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(
            _ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new MediaProbeException(path, result.ErrorTail());
        }

        // MPEG-TS lists the stream once per program too: the first non-empty line is the stream's codec.
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
    }

    /// <summary>
    /// The presentation time of the first video packet, and the presentation and decode times of every keyframe, in the
    /// file's own timestamps. With B-frames a keyframe decodes before it is shown; the concat demuxer's <c>inpoint</c>
    /// compares decode times, so a cut must use <see cref="Keyframe.DecodeSeconds"/> or it loses that whole GOP.
    /// </summary>
    /// <exception cref="MediaProbeException">ffprobe could not read the file or it has no video packets.</exception>
    public async Task<VideoKeyframes> ReadKeyframesAsync(string path, CancellationToken cancellationToken)
    {
        // Reading packets (not frames) decodes nothing: cheap even on a Pi.
        var result = await ToolRunner.RunAsync(
            _ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,dts_time,flags", "-of", "csv=p=0", path],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new MediaProbeException(path, result.ErrorTail());
        }

        double? first = null;
        double? firstDecode = null;
        double? lastDecode = null;
        var packets = 0;
        var keyframes = new List<Keyframe>();
        foreach (var raw in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // ffprobe writes the fields in its own order: pts_time, dts_time, flags.
            var fields = raw.Split(',');
            if (fields.Length < 3 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts))
            {
                continue;
            }

            first = first is null ? pts : Math.Min(first.Value, pts);
            var dts = double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : pts;
            firstDecode ??= dts;
            lastDecode = dts;
            packets++;
            if (fields[2].Contains('K', StringComparison.Ordinal))
            {
                keyframes.Add(new Keyframe(pts, dts));
            }
        }

        if (first is null)
        {
            throw new MediaProbeException(path, "no video packets");
        }

        keyframes.Sort((a, b) => a.PresentationSeconds.CompareTo(b.PresentationSeconds));
        return new VideoKeyframes(first.Value, keyframes) { FirstDecodeSeconds = firstDecode!.Value, LastDecodeSeconds = lastDecode!.Value, PacketCount = packets };
    }

    private static double? Seconds(JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
}

/// <summary>Start and duration of a media file, in seconds of its own timestamps.</summary>
public sealed record MediaTimes(double StartSeconds, double DurationSeconds);

/// <summary>A keyframe's presentation (display) and decode times, in seconds of the file's own timestamps.</summary>
public sealed record Keyframe(double PresentationSeconds, double DecodeSeconds);

/// <summary>The first video packet's presentation time and the keyframes of a file, ascending by presentation time.</summary>
public sealed record VideoKeyframes(double FirstPacketSeconds, IReadOnlyList<Keyframe> Keyframes)
{
    /// <summary>The decode time of the first video packet in file order.</summary>
    public double FirstDecodeSeconds { get; init; }

    /// <summary>The decode time of the last video packet in file order (in a truncated file, the one that may be cut short).</summary>
    public double LastDecodeSeconds { get; init; }

    /// <summary>How many video packets ffprobe read.</summary>
    public int PacketCount { get; init; }

    /// <summary>The last keyframe shown at or before <paramref name="seconds"/>, or the first keyframe when there is none before it.</summary>
    public Keyframe? KeyframeAtOrBefore(double seconds)
    {
        Keyframe? best = null;
        foreach (var keyframe in Keyframes)
        {
            if (keyframe.PresentationSeconds <= seconds)
            {
                best = keyframe;
            }
            else
            {
                return best ?? keyframe;
            }
        }

        return best;
    }
}

/// <summary>ffprobe could not read a file; the message names it.</summary>
public sealed class MediaProbeException : Exception
{
    public MediaProbeException()
    {
    }

    public MediaProbeException(string message)
        : base(message)
    {
    }

    public MediaProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaProbeException(string path, string reason)
        : base($"ffprobe could not read '{path}': {reason}")
    {
        FilePath = path;
    }

    /// <summary>The file that could not be read.</summary>
    public string? FilePath { get; }
}

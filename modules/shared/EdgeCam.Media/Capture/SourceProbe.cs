using System.Globalization;
using System.Text.Json;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Capture;

/// <summary>What a source's first video stream is, read by ffprobe before capture starts.</summary>
/// <param name="Codec">ffprobe's codec name (<c>h264</c>, <c>hevc</c>, <c>mjpeg</c>, <c>mpeg4</c>, …).</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="HasTimestamps">
/// False when the packets lack the times the segment muxer needs: the first ones carry no presentation time (AVI with
/// B-frames, raw elementary streams), or, over RTSP, the stream reorders frames (B-frames) and RTP gives no decode times.
/// </param>
/// <param name="Rotated">True when the stream carries a display rotation (MPEG-TS segments cannot carry it: encoded upright instead).</param>
/// <param name="ReordersFrames">True when the stream has B-frames (ffprobe's <c>has_b_frames</c> above 0).</param>
public sealed record SourceVideo(string Codec, int Width, int Height, bool HasTimestamps, bool Rotated = false, bool ReordersFrames = false)
{
    /// <summary>True when segments can take the stream as it is: H.264 or HEVC with timestamps and no display rotation.</summary>
    public bool CanBeCopied => HasTimestamps && !Rotated && Codec is "h264" or "hevc";
}

/// <summary>A source that is no camera: it cannot be read, or holds no video stream. The message is one line naming it.</summary>
public sealed class SourceRejectedException : Exception
{
    public SourceRejectedException()
    {
    }

    public SourceRejectedException(string message)
        : base(message)
    {
    }

    public SourceRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Probes a file or RTSP source with ffprobe before capture: its codec (copy or encode), its size (the analysis frame
/// keeps its shape) and whether its packets carry timestamps (else ffmpeg generates them). Refuses what is not video: no
/// video stream, or ffmpeg's <c>tty</c> demuxer, which "decodes" any text file into a picture of its characters.
/// Devices and libcamera are not probed: their size and format come from the settings.
/// </summary>
public static class SourceProbe
{
    private const int PacketsChecked = 5;

    /// <summary>
    /// What an RTSP probe may take beyond the network timeout: ffprobe reads the first packets after connecting
    /// (a camera sends a keyframe at least every few seconds). Past it ffprobe is killed and the source reported.
    /// </summary>
    public static readonly TimeSpan RtspReadAllowance = TimeSpan.FromSeconds(10);

    private static readonly string[] ShowEntries =
        ["-select_streams", "v:0", "-read_intervals", $"%+#{PacketsChecked}", "-show_entries", "stream=codec_name,width,height,has_b_frames:stream_side_data=rotation:format=format_name:packet=pts", "-of", "json"];

    /// <summary>
    /// Probes <paramref name="source"/> when its kind is probed (a file, an RTSP camera); null for a device or libcamera.
    /// </summary>
    /// <param name="source">The source.</param>
    /// <param name="ffprobePath">ffprobe (a name on PATH or a path).</param>
    /// <param name="networkTimeout">For RTSP: the socket timeout (connect and each read).</param>
    /// <param name="cancellationToken">Cancels the probe (ffprobe is killed).</param>
    /// <exception cref="SourceRejectedException">The source cannot be read or is not video; the message names it (credentials masked).</exception>
    /// <exception cref="MediaToolNotFoundException">ffprobe is not installed.</exception>
    public static async Task<SourceVideo?> ProbeAsync(CaptureSource source, string ffprobePath, TimeSpan networkTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            CaptureSourceKind.File => await ProbeFileAsync(source, ffprobePath, cancellationToken),
            CaptureSourceKind.Rtsp => await ProbeRtspAsync(source, ffprobePath, networkTimeout, cancellationToken),
            _ => null,
        };
    }

    /// <summary>Probes the file at <paramref name="source"/>.</summary>
    /// <exception cref="SourceRejectedException">The file cannot be read or is not video; the message names the source.</exception>
    /// <exception cref="MediaToolNotFoundException">ffprobe is not installed.</exception>
    public static async Task<SourceVideo> ProbeFileAsync(CaptureSource source, string ffprobePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(ffprobePath);
        var name = source.DisplayName;
        if (!File.Exists(source.Location))
        {
            throw new SourceRejectedException($"Cannot open file source '{name}': No such file or directory");
        }

        var result = await ToolRunner.RunAsync(ffprobePath, ["-v", "error", .. ShowEntries, source.Location], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new SourceRejectedException($"Cannot open file source '{name}': {Reason(result, source)}");
        }

        return Parse(result.StandardOutput, name);
    }

    /// <summary>
    /// Probes the RTSP camera at <paramref name="source"/> over TCP: ffprobe's socket timeout is
    /// <paramref name="networkTimeout"/>, and the whole probe is bounded by it plus <see cref="RtspReadAllowance"/>.
    /// </summary>
    /// <exception cref="SourceRejectedException">
    /// The camera cannot be reached, refuses the URL, does not answer in time, or sends no video; the message is one
    /// line naming the URL with its password masked.
    /// </exception>
    /// <exception cref="MediaToolNotFoundException">ffprobe is not installed.</exception>
    public static async Task<SourceVideo> ProbeRtspAsync(CaptureSource source, string ffprobePath, TimeSpan networkTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(ffprobePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(networkTimeout, TimeSpan.FromMilliseconds(1));
        var name = source.DisplayName;
        var limit = networkTimeout + RtspReadAllowance;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        ToolResult result;
        try
        {
            // TCP as capture uses it; -timeout (µs) bounds the connect and every read of this ffmpeg's RTSP demuxer.
            var timeout = ((long)networkTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
            result = await ToolRunner.RunAsync(ffprobePath, ["-v", "error", "-rtsp_transport", "tcp", "-timeout", timeout, .. ShowEntries, source.Location], bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceRejectedException($"Cannot open rtsp source '{name}': no video within {limit.TotalSeconds:0.#} s");
        }

        if (result.ExitCode != 0)
        {
            throw new SourceRejectedException($"Cannot open rtsp source '{name}': {Reason(result, source)}");
        }

        // RTP packets are always timed, but ffprobe shows none on the first ones (before the first RTCP sender report),
        // and capture generates presentation times for RTSP anyway (+genpts). RTP carries presentation times only,
        // though: ffmpeg's RTSP demuxer gives B-frames no decode times, and the segment muxer refuses such packets ("first
        // pts and dts value must be set"), so a stream with B-frames is encoded, not copied.
        var video = Parse(result.StandardOutput, name);
        return video with { HasTimestamps = !video.ReordersFrames };
    }

    /// <summary>Reads ffprobe's JSON (<c>stream=codec_name,width,height,has_b_frames:stream_side_data=rotation:format=format_name:packet=pts</c>).</summary>
    /// <exception cref="SourceRejectedException">No video stream, or text read as video.</exception>
    public static SourceVideo Parse(string ffprobeJson, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(ffprobeJson);
        using var json = JsonDocument.Parse(ffprobeJson);
        var root = json.RootElement;
        var format = root.TryGetProperty("format", out var f) && f.TryGetProperty("format_name", out var fn) ? fn.GetString() : null;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new SourceRejectedException($"Source '{sourceName}' is not a camera: it has no video stream (format {format ?? "unknown"}).");
        }

        var stream = streams[0];
        var codec = stream.TryGetProperty("codec_name", out var c) ? c.GetString() ?? "unknown" : "unknown";
        if (format == "tty" || codec == "ansi")
        {
            throw new SourceRejectedException($"Source '{sourceName}' is not a camera: it is text, not video.");
        }

        var width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        if (width <= 0 || height <= 0)
        {
            throw new SourceRejectedException($"Source '{sourceName}' is not a camera: its {codec} stream has no frame size.");
        }

        // A phone's portrait video is stored landscape with a display rotation; ffmpeg turns the decoded frames upright,
        // so the analysis frames have the rotated shape.
        var rotation = Rotation(stream);
        if (Math.Abs(rotation) % 180 == 90)
        {
            (width, height) = (height, width);
        }

        var packets = root.TryGetProperty("packets", out var p) ? p.EnumerateArray().ToList() : [];
        var timed = packets.Count > 0 && packets.All(packet => packet.TryGetProperty("pts", out _));
        var reorders = stream.TryGetProperty("has_b_frames", out var b) && b.TryGetInt32(out var bFrames) && bFrames > 0;
        return new SourceVideo(codec, width, height, timed, Rotated: rotation % 360 != 0, ReordersFrames: reorders);
    }

    // ffprobe's last error line without the source it starts with, credentials masked; its exit code when it said nothing.
    private static string Reason(ToolResult result, CaptureSource source)
    {
        var reason = result.ErrorTail(1);
        var prefix = source.Location + ": ";
        reason = reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..] : reason;
        return reason.Length == 0 ? $"ffprobe exit {result.ExitCode}" : CaptureSource.Mask(reason);
    }

    // Degrees of the display matrix, rounded (0 when none).
    private static int Rotation(JsonElement stream)
    {
        if (!stream.TryGetProperty("side_data_list", out var list))
        {
            return 0;
        }

        foreach (var side in list.EnumerateArray())
        {
            if (side.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees))
            {
                return (int)Math.Round(degrees);
            }
        }

        return 0;
    }
}

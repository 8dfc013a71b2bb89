using System.Globalization;

namespace EdgeCam.Media.Capture;

/// <summary>
/// Builds the arguments of the one ffmpeg process that serves a camera: the video into MPEG-TS segments (stream-copied
/// when it is H.264/HEVC with timestamps, which costs almost no CPU; else encoded to H.264) and, from the same decode,
/// small gray frames on stdout, shaped like the source, and optionally full-size colour JPEGs at a low rate for snapshots.
/// With <see cref="CaptureOptions.AnalysisSource"/> (a camera's sub stream) the gray and colour frames come from that
/// second input instead, so the main stream is only copied, never decoded.
/// </summary>
public static class CaptureCommand
{
    /// <summary>Segment file name pattern: a counter, because strftime names collide when a file is replayed fast.</summary>
    public const string SegmentPattern = "seg_%06d.ts";

    /// <summary>The ffmpeg arguments for <paramref name="options"/> (no shell quoting needed: passed as an argument list).</summary>
    public static IReadOnlyList<string> BuildArguments(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var args = new List<string> { "-hide_banner", "-loglevel", "error" };
        AddInput(args, options.Source, options);
        var analysed = "0:v:0";
        if (options.AnalysisSource is { } analysisSource)
        {
            AddInput(args, analysisSource, options);
            analysed = "1:v:0";
        }

        var analysis = options.AnalysisFrameSize;

        args.AddRange(["-map", "0:v:0"]);
        args.AddRange(SegmentCodec(options));
        args.AddRange(
        [
            "-f", "segment",
            "-segment_time", Number(options.SegmentDuration.TotalSeconds),
            "-segment_format", "mpegts",
            "-segment_list", Path.Combine(options.OutputDirectory, options.SegmentListFileName),
            "-segment_list_type", "csv",
            "-reset_timestamps", "1",
            Path.Combine(options.OutputDirectory, SegmentPattern),

            "-map", analysed,
            "-vf", $"fps={Number(options.AnalysisFramesPerSecond)},scale={analysis.Width}:{analysis.Height}",
            "-pix_fmt", "gray",
            "-f", "rawvideo",
            "pipe:1",
        ]);
        if (options.ColourFramesUrl is { } colour)
        {
            // Full-size colour JPEGs at a low rate for snapshots, from the same decode as the analysis frames (so the two
            // share one clock); mjpeg wants full-range YUV. Each JPEG is flushed whole: otherwise its tail waits in
            // ffmpeg's 32 KB output buffer until the next one, a second later. One encoder thread: frame threads would
            // hold each JPEG back by as many frames as threads (seconds at this rate), and one a second needs no more.
            args.AddRange(
            [
                "-map", analysed,
                "-vf", $"fps={Number(options.ColourFramesPerSecond)},format=yuvj420p",
                "-c:v", "mjpeg",
                "-threads", "1",
                "-q:v", options.ColourQuality.ToString(CultureInfo.InvariantCulture),
                "-flush_packets", "1",
                "-f", "mpjpeg",
                colour,
            ]);
        }

        return args;
    }

    private static void AddInput(List<string> args, CaptureSource source, CaptureOptions options)
    {
        switch (source.Kind)
        {
            case CaptureSourceKind.File:
                // AVI with B-frames and raw elementary streams carry no presentation times: generate them, or the
                // segment muxer refuses the first packet ("Invalid data found").
                args.AddRange(["-fflags", "+genpts"]);
                if (source.Realtime)
                {
                    args.Add("-re");
                }

                if (source.Loop)
                {
                    args.AddRange(["-stream_loop", "-1"]);
                }

                break;

            case CaptureSourceKind.Rtsp:
                // TCP avoids the smeared frames UDP gives on Wi-Fi; the timeout (µs) ends a dead connection so that
                // the module can report it and restart instead of hanging.
                var timeout = ((long)options.NetworkTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
                args.AddRange(["-rtsp_transport", "tcp", "-timeout", timeout, "-fflags", "+genpts+discardcorrupt", "-avoid_negative_ts", "make_zero"]);
                break;

            case CaptureSourceKind.Device:
                // Stream copy needs compressed video: by default ask the device for H.264 (the Pi camera's V4L2 encoder
                // provides it); a raw format is encoded for the segments instead (SegmentCodec).
                args.AddRange(["-f", "v4l2", "-input_format", options.InputFormat.ToLowerInvariant()]);
                AddCaptureSize(args, options);
                break;

            case CaptureSourceKind.Libcamera:
                // rpicam-vid writes a bare H.264 elementary stream (no timestamps) to ffmpeg's stdin: the rate gives them.
                args.AddRange(["-f", "h264", "-framerate", Number(options.CaptureFramesPerSecond ?? LibcameraCommand.DefaultFramesPerSecond), "-i", "pipe:0"]);
                return;

            default:
                throw new ArgumentOutOfRangeException(nameof(options), source.Kind, "Unknown source kind.");
        }

        args.AddRange(["-i", source.Location]);
    }

    // Copy when the input is H.264 (or HEVC) with timestamps; otherwise encode to H.264 with a keyframe every 2 s so that
    // the segment muxer can cut near the wanted length and the clip path (concat, copy) can read the segments.
    private static IReadOnlyList<string> SegmentCodec(CaptureOptions options) =>
        options.CopiesVideo ? ["-c", "copy"] : SegmentEncoderChoice.Arguments(SegmentEncoderChoice.Resolve(options.Encoder));

    private static void AddCaptureSize(List<string> args, CaptureOptions options)
    {
        if (options.CaptureWidth is { } width && options.CaptureHeight is { } height)
        {
            args.AddRange(["-video_size", $"{width}x{height}"]);
        }

        if (options.CaptureFramesPerSecond is { } fps)
        {
            args.AddRange(["-framerate", Number(fps)]);
        }
    }

    internal static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

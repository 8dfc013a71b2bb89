using System.Globalization;
using System.Text;
using EdgeCam.Media.Processes;

namespace EdgeCam.DevKit.Synthetic;

/// <summary>
/// A synthetic camera: renders an H.264 MP4 with ffmpeg's lavfi sources whose motion is known exactly, for tests,
/// demos and the agent's no-hardware mode.
/// <para>
/// The scene is a static colour texture (so that stream copy and the detector see realistic, non-flat content),
/// with temporal noise like a sensor's. A white box appears at the start of each motion interval, travels across
/// the frame and disappears at its end, so the ground truth is exactly the intervals: no object rests in the
/// scene to leave a ghost in a running-average background.
/// </para>
/// </summary>
public static class SyntheticClip
{
    /// <summary>Renders the clip to <paramref name="outputPath"/> (MP4, overwritten) and returns its ground truth.</summary>
    /// <exception cref="MediaToolNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidOperationException">ffmpeg failed; the message holds its error.</exception>
    public static async Task<SyntheticClipResult> GenerateAsync(string outputPath, SyntheticClipOptions options, CancellationToken cancellationToken)
        => await GenerateAsync("ffmpeg", outputPath, options, cancellationToken);

    /// <inheritdoc cref="GenerateAsync(string, SyntheticClipOptions, CancellationToken)"/>
    public static async Task<SyntheticClipResult> GenerateAsync(string ffmpegPath, string outputPath, SyntheticClipOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var arguments = BuildArguments(outputPath, options);
        var result = await ToolRunner.RunAsync(ffmpegPath, arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not render the synthetic clip '{outputPath}' (exit {result.ExitCode}): {result.ErrorTail()}");
        }

        var frames = (int)Math.Round(options.Duration.TotalSeconds * options.FramesPerSecond);
        return new SyntheticClipResult(Path.GetFullPath(outputPath), options.MotionIntervals, options.Duration, frames);
    }

    /// <summary>The ffmpeg arguments that render <paramref name="options"/> to <paramref name="outputPath"/>.</summary>
    public static IReadOnlyList<string> BuildArguments(string outputPath, SyntheticClipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var fps = options.FramesPerSecond.ToString(CultureInfo.InvariantCulture);
        var box = Math.Max(8, (int)(options.Height * options.BoxSizeFraction) / 2 * 2);
        var size = $"{options.Width}x{options.Height}";

        // One frame of texture, repeated: far cheaper than evaluating geq on every frame.
        var scene = $"color=c=gray:s={size}:r={fps}:d=1,"
            + "geq=lum='128+50*sin(X/11)*cos(Y/7)+40*sin((X+2*Y)/37)':cb='128+30*sin(X/53)':cr='128+30*cos(Y/29)',"
            + "loop=loop=-1:size=1:start=0";
        var boxSource = $"color=c=white:s={box}x{box}:r={fps}";

        var overlay = options.MotionIntervals.Count == 0
            ? "[0]null"
            : $"[0][1]overlay=x='{BoxX(options.MotionIntervals)}':y='{BoxY(options.MotionIntervals)}':enable='{Enable(options.MotionIntervals)}'";
        var noise = options.NoiseStrength > 0 ? $",noise=alls={options.NoiseStrength.ToString(CultureInfo.InvariantCulture)}:allf=t" : string.Empty;
        var bitrate = $"{options.BitrateKbps.ToString(CultureInfo.InvariantCulture)}k";

        return
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", scene,
            "-f", "lavfi", "-i", boxSource,
            "-filter_complex", $"{overlay}{noise},format=yuv420p",
            "-t", Seconds(options.Duration),
            // One encoder thread: x264's threaded rate control is not reproducible, and a test camera must give the
            // same frames on every run (measured: 4.7 s instead of 4.1 s for 60 s at 640x360).
            "-an", "-c:v", "libx264", "-threads", "1", "-preset", "veryfast",
            "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate,
            "-g", fps, "-keyint_min", fps, "-sc_threshold", "0",
            outputPath,
        ];
    }

    // The box travels left to right at 40 % of the frame width per second, bouncing at the edges, and restarts
    // at the left at the beginning of each interval.
    private static string BoxX(IReadOnlyList<MotionInterval> intervals)
        => "abs(mod(0.4*W*(" + Elapsed(intervals) + ")+(W-w),2*(W-w))-(W-w))";

    private static string BoxY(IReadOnlyList<MotionInterval> intervals)
        => "(H-h)/2+(H-h)/3*sin(1.7*(" + Elapsed(intervals) + "))";

    // Seconds since the start of the interval the clip is in (0 outside any interval).
    private static string Elapsed(IReadOnlyList<MotionInterval> intervals)
    {
        var builder = new StringBuilder();
        foreach (var interval in intervals)
        {
            if (builder.Length > 0)
            {
                builder.Append('+');
            }

            builder.Append(CultureInfo.InvariantCulture, $"between(t,{Seconds(interval.Start)},{Seconds(interval.End)})*(t-{Seconds(interval.Start)})");
        }

        return builder.ToString();
    }

    private static string Enable(IReadOnlyList<MotionInterval> intervals)
        => string.Join('+', intervals.Select(i => $"between(t,{Seconds(i.Start)},{Seconds(i.End)})"));

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>A rendered synthetic clip and its ground truth.</summary>
/// <param name="Path">Absolute path of the MP4.</param>
/// <param name="MotionIntervals">When the box was visible and moving (stream time).</param>
/// <param name="Duration">Length of the clip.</param>
/// <param name="FrameCount">Frames in the clip.</param>
public sealed record SyntheticClipResult(string Path, IReadOnlyList<MotionInterval> MotionIntervals, TimeSpan Duration, int FrameCount);

using EdgeCam.Media.Processes;
using EdgeCam.Testing;

namespace EdgeCam.Media.Tests.Clips;

/// <summary>
/// Makes MPEG-TS segments and their CSV list with ffmpeg: 15 fps, one keyframe per second, 2 s segments, with B-frames
/// (as real cameras send), so a keyframe's decode time precedes its presentation time.
/// </summary>
internal static class SyntheticSegments
{
    public const double KeyframeIntervalSeconds = 1.0;

    public static Task WriteAsync(string directory, int seconds, CancellationToken cancellationToken) =>
        WriteAsync(directory, seconds, "libx264", cancellationToken);

    /// <summary>Writes segments encoded with <paramref name="encoder"/> (<c>libx264</c>, or <c>libx265</c> for HEVC).</summary>
    public static async Task WriteAsync(string directory, int seconds, string encoder, CancellationToken cancellationToken)
    {
        string[] quiet = encoder == "libx265" ? ["-x265-params", "log-level=error"] : [];
        Directory.CreateDirectory(directory);
        var result = await ToolRunner.RunAsync(
            RequiredTool.Ffmpeg(),
            ["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c:v", encoder, .. quiet, "-preset", "ultrafast", "-bf", "2", "-g", "15", "-sc_threshold", "0",
                "-f", "segment", "-segment_time", "2", "-segment_format", "mpegts", "-segment_start_number", "1",
                "-segment_list", Path.Combine(directory, "segments.csv"), "-segment_list_type", "csv", "-reset_timestamps", "1",
                Path.Combine(directory, "seg_%06d.ts")],
            cancellationToken);
        Assert.True(result.ExitCode == 0, "ffmpeg failed to make test segments: " + result.ErrorTail());
    }
}

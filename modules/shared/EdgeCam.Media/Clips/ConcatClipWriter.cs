using System.Globalization;
using System.Text;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Clips;

/// <summary>
/// Joins segments into one MP4 without re-encoding: ffmpeg's concat demuxer (list of absolute paths, <c>-safe 0</c>,
/// <c>inpoint</c>/<c>outpoint</c>), <c>-c copy</c>, <c>-movflags +faststart</c> so players can start before the download
/// ends. The clip is written under a temporary name and renamed, so nobody ever sees half a clip. HEVC is tagged
/// <c>hvc1</c> (parameter sets in the sample description), the tag Apple's players require; ffmpeg's default
/// <c>hev1</c> does not play there.
/// </summary>
public sealed class ConcatClipWriter
{
    private const int TsPacketBytes = SegmentInspector.TsPacketBytes;

    private readonly string _ffmpeg;
    private readonly MediaProbe _probe;

    /// <summary>Uses <paramref name="ffmpeg"/> (a name on PATH or an absolute path) and <paramref name="probe"/>.</summary>
    public ConcatClipWriter(MediaProbe probe, string ffmpeg = "ffmpeg")
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpeg);
        _probe = probe;
        _ffmpeg = ffmpeg;
    }

    /// <summary>
    /// Checks every part, then writes the clip to <paramref name="outputPath"/> (replacing it). A part marked
    /// <see cref="ConcatPart.Truncated"/> is joined up to its outpoint; any other damaged part is refused: salvaging is
    /// the caller's choice (<see cref="SegmentInspector"/>).
    /// </summary>
    /// <exception cref="ClipCutException">A part is missing, empty, truncated (unmarked) or unreadable (named), or ffmpeg failed.</exception>
    public async Task WriteAsync(IReadOnlyList<ConcatPart> parts, string outputPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        if (parts.Count == 0)
        {
            throw new ClipCutException($"No segments to join for '{outputPath}'.");
        }

        foreach (var part in parts)
        {
            await CheckAsync(part, cancellationToken);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        var name = Path.GetFileName(outputPath);
        var listPath = Path.Combine(directory, $".{name}.concat.txt");
        var tempPath = Path.Combine(directory, $".{name}.partial");
        try
        {
            await File.WriteAllTextAsync(listPath, BuildList(parts), cancellationToken);
            var codec = await ReadCodecAsync(parts[0], cancellationToken);
            var result = await ToolRunner.RunAsync(_ffmpeg, BuildArguments(listPath, codec, tempPath), cancellationToken);
            if (result.ExitCode != 0 || !File.Exists(tempPath) || new FileInfo(tempPath).Length == 0)
            {
                var culprit = parts.FirstOrDefault(p => result.StandardError.Contains(p.Path, StringComparison.Ordinal))?.Path;
                throw new ClipCutException(
                    $"ffmpeg could not join {parts.Count} segment(s) into '{outputPath}'"
                    + (culprit is null ? string.Empty : $" (while reading '{culprit}')")
                    + $": exit {result.ExitCode}, {result.ErrorTail()}",
                    culprit);
            }

            File.Move(tempPath, outputPath, overwrite: true);
        }
        finally
        {
            File.Delete(listPath);
            File.Delete(tempPath);
        }
    }

    /// <summary>The ffconcat list: absolute, quoted paths and the in/out points.</summary>
    internal static string BuildList(IReadOnlyList<ConcatPart> parts)
    {
        var builder = new StringBuilder("ffconcat version 1.0\n");
        foreach (var part in parts)
        {
            // In a quoted ffconcat string a single quote is written as '\''.
            builder.Append("file '").Append(Path.GetFullPath(part.Path).Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
            if (part.InpointSeconds is { } inpoint)
            {
                builder.Append("inpoint ").Append(inpoint.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            }

            if (part.OutpointSeconds is { } outpoint)
            {
                builder.Append("outpoint ").Append(outpoint.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>ffmpeg's arguments for joining the parts listed in <paramref name="listPath"/> into an MP4.</summary>
    internal static IReadOnlyList<string> BuildArguments(string listPath, string? videoCodec, string outputPath)
    {
        List<string> args = ["-hide_banner", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listPath,
            "-map", "0:v", "-map", "0:a?", "-c", "copy"];
        if (videoCodec == "hevc")
        {
            args.AddRange(["-tag:v", "hvc1"]);
        }

        args.AddRange(["-movflags", "+faststart", "-f", "mp4", outputPath]);
        return args;
    }

    private async Task<string?> ReadCodecAsync(ConcatPart part, CancellationToken cancellationToken)
    {
        try
        {
            return await _probe.ReadVideoCodecAsync(part.Path, cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            throw new ClipCutException($"Segment '{part.Path}' is unreadable: {ex.Message}", part.Path);
        }
    }

    private async Task CheckAsync(ConcatPart part, CancellationToken cancellationToken)
    {
        var file = new FileInfo(part.Path);
        if (!file.Exists)
        {
            throw new ClipCutException($"Segment '{part.Path}' is missing.", part.Path);
        }

        if (file.Length == 0)
        {
            throw new ClipCutException($"Segment '{part.Path}' is empty.", part.Path);
        }

        if (part.Truncated)
        {
            if (part.OutpointSeconds is null)
            {
                throw new ClipCutException($"Segment '{part.Path}' is truncated and no outpoint ends it before the damage.", part.Path);
            }

            return;
        }

        if (file.Extension.Equals(".ts", StringComparison.OrdinalIgnoreCase) && file.Length % TsPacketBytes != 0)
        {
            throw new ClipCutException(
                $"Segment '{part.Path}' is truncated: {file.Length} bytes is not a whole number of {TsPacketBytes}-byte MPEG-TS packets.",
                part.Path);
        }

        if (part.ExpectedDurationSeconds is not { } expected)
        {
            return;
        }

        MediaTimes times;
        try
        {
            times = await _probe.ReadTimesAsync(part.Path, cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            throw new ClipCutException($"Segment '{part.Path}' is unreadable: {ex.Message}", part.Path, ex);
        }

        // Segments are cut on keyframes, so a whole one lasts what the list says to within a frame or two.
        var tolerance = 0.5 + (0.1 * expected);
        if (times.DurationSeconds < expected - tolerance)
        {
            throw new ClipCutException(
                $"Segment '{part.Path}' is truncated: it holds {times.DurationSeconds:0.###} s of the {expected:0.###} s the segment list promised.",
                part.Path);
        }
    }
}

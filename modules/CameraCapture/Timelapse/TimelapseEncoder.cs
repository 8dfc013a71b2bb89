using System.Globalization;
using EdgeCam.Media.Processes;

namespace EdgeCam.CameraCapture.Timelapse;

/// <summary>
/// Turns a day's frames into one MP4 with ffmpeg, the only place CameraCapture encodes video: H.264 through libx264
/// (<c>veryfast</c>, CRF 23) when the ffmpeg build has it (Debian's, and so the images', does), else MPEG-4 part 2. The
/// frames are scaled into <see cref="TimelapseSettings.Width"/> keeping the first frame's shape (padded if a later
/// frame has another), one frame of video each, on one thread so that capture keeps the other cores.
/// </summary>
internal sealed class TimelapseEncoder(string ffmpegPath)
{
    private string? _codec;

    /// <summary>The video codec in use once known: <c>libx264</c> or <c>mpeg4</c>.</summary>
    public string? Codec => _codec;

    /// <summary>Encodes <paramref name="frames"/> (all in one directory, names sorting by time; later ones may be added meanwhile) into <paramref name="output"/>.</summary>
    /// <exception cref="TimelapseEncodeException">ffmpeg failed, or no frame is a readable JPEG; the message says why.</exception>
    /// <exception cref="MediaToolNotFoundException">ffmpeg is not installed.</exception>
    public async Task EncodeAsync(IReadOnlyList<string> frames, string output, TimelapseSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(settings);
        var (width, height) = OutputSize(frames, settings.Width);
        var codec = _codec ??= await ChooseCodecAsync(cancellationToken);
        var scale = string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p");
        List<string> arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-framerate", settings.FramesPerSecond.ToString(CultureInfo.InvariantCulture),
            "-f", "image2", "-pattern_type", "glob", "-i", "*.jpg",
            "-vf", scale,
            .. codec == "libx264" ? ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23"] : new[] { "-c:v", "mpeg4", "-q:v", "5" },
            "-threads", "1",
            // Only the listed frames: today's directory gains a frame while an on-demand video is encoded (names sort by time).
            "-frames:v", frames.Count.ToString(CultureInfo.InvariantCulture),
            "-movflags", "+faststart", "-f", "mp4", output,
        ];
        // The glob is relative to the frames' directory, so no character of the volume's path is read as a pattern.
        var result = await ToolRunner.RunAsync(ffmpegPath, arguments, Path.GetDirectoryName(frames[0]), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new TimelapseEncodeException($"ffmpeg exited with code {result.ExitCode}: {result.ErrorTail()}");
        }
    }

    // The first readable frame's shape fitted to the width (never enlarged), both sides even as H.264 needs.
    private static (int Width, int Height) OutputSize(IReadOnlyList<string> frames, int maxWidth)
    {
        foreach (var frame in frames)
        {
            if (JpegSize.TryRead(File.ReadAllBytes(frame), out var width, out var height))
            {
                var outWidth = Math.Max(2, Math.Min(maxWidth, width) & ~1);
                var outHeight = Math.Max(2, (int)Math.Round(outWidth * (double)height / width / 2) * 2);
                return (outWidth, outHeight);
            }
        }

        throw new TimelapseEncodeException($"none of the {frames.Count} frame(s) is a readable JPEG");
    }

    private async Task<string> ChooseCodecAsync(CancellationToken cancellationToken)
    {
        var encoders = await ToolRunner.RunAsync(ffmpegPath, ["-hide_banner", "-encoders"], cancellationToken);
        return encoders.StandardOutput.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "libx264", ..]) ? "libx264" : "mpeg4";
    }
}

/// <summary>A day's frames could not be made into a video; the message says why in one line.</summary>
public sealed class TimelapseEncodeException : Exception
{
    public TimelapseEncodeException()
    {
    }

    public TimelapseEncodeException(string message)
        : base(message)
    {
    }

    public TimelapseEncodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

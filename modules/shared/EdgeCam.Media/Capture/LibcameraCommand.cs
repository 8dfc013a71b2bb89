using System.Globalization;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Capture;

/// <summary>
/// The producer of a libcamera source: <c>rpicam-vid</c>, or <c>libcamera-vid</c> on images older than Bookworm
/// (the tools were renamed; the options are the same). Chosen at runtime, newest name first. It writes H.264 to
/// stdout, which <see cref="CaptureProcess"/> pipes into ffmpeg's stdin.
/// </summary>
public static class LibcameraCommand
{
    /// <summary>Frames per second asked of the camera when none is configured.</summary>
    public const double DefaultFramesPerSecond = 15;

    /// <summary>The tool names, preferred first.</summary>
    public static readonly IReadOnlyList<string> ToolNames = ["rpicam-vid", "libcamera-vid"];

    /// <summary>
    /// The first of <see cref="ToolNames"/> found in <paramref name="searchPath"/> (a PATH-style list; null: the PATH
    /// variable).
    /// </summary>
    /// <exception cref="MediaToolNotFoundException">Neither is installed.</exception>
    public static string FindTool(string? searchPath)
    {
        var directories = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in ToolNames)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
                {
                    return candidate;
                }
            }
        }

        throw new MediaToolNotFoundException(
            "Neither 'rpicam-vid' nor 'libcamera-vid' was found on PATH: a libcamera source needs Raspberry Pi OS's rpicam-apps (sudo apt-get install -y rpicam-apps).");
    }

    /// <summary>
    /// Runs until killed (<c>-t 0</c>), no preview window, H.264 with headers repeated at every keyframe
    /// (<c>--inline</c>, so ffmpeg can join at any point), a keyframe every 2 s (<c>--intra</c>) so segments cut
    /// close to their length, to stdout (<c>-o -</c>).
    /// </summary>
    public static IReadOnlyList<string> BuildArguments(CaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fps = options.CaptureFramesPerSecond ?? DefaultFramesPerSecond;
        var args = new List<string>
        {
            "-t", "0", "--nopreview", "--inline", "--codec", "h264",
            "--camera", options.Source.CameraIndex.ToString(CultureInfo.InvariantCulture),
            "--framerate", CaptureCommand.Number(fps),
            "--intra", ((int)Math.Max(1, Math.Round(2 * fps))).ToString(CultureInfo.InvariantCulture),
        };
        if (options.CaptureWidth is { } width && options.CaptureHeight is { } height)
        {
            args.AddRange(["--width", width.ToString(CultureInfo.InvariantCulture), "--height", height.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-o", "-"]);
        return args;
    }
}

using System.Diagnostics;

namespace EdgeCam.Testing.Tools;

/// <summary>
/// Real fake processes for capture tests (as dotnet/iot tests its Camera binding against a fake capture program): an
/// executable shell script named like the real tool, in a directory used as the tool search path.
/// </summary>
public static class FakeCameraTool
{
    /// <summary>Writes an executable <c>/bin/sh</c> script <paramref name="name"/> in <paramref name="directory"/> and returns its path.</summary>
    public static string WriteScript(string directory, string name, string body)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Fake camera tools are shell scripts.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// A bare H.264 elementary stream (what <c>rpicam-vid --codec h264 -o -</c> writes), 320x240 at 15 fps with a
    /// keyframe every second, made by the real ffmpeg.
    /// </summary>
    public static async Task<string> GenerateH264Async(string path, TimeSpan duration, CancellationToken cancellationToken)
    {
        var ffmpeg = RequiredTool.Ffmpeg();
        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
            "-t", duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-f", "h264", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not generate {path}: {error}");
        }

        return path;
    }
}

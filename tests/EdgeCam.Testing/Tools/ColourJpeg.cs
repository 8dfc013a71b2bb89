using System.Diagnostics;
using System.Text;

namespace EdgeCam.Testing.Tools;

/// <summary>What ffprobe and ffmpeg make of a JPEG: its pixel format and size, and how much of it is in colour.</summary>
public static class ColourJpeg
{
    /// <summary>ffprobe's <c>codec_name</c>, <c>pix_fmt</c>, <c>width</c> and <c>height</c> of <paramref name="path"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ProbeAsync(string path)
    {
        var output = await RunAsync(RequiredTool.Ffprobe(), ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,width,height", "-of", "default=noprint_wrappers=1", path]);
        return Encoding.UTF8.GetString(output)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// The share of pixels (0..1) whose red, green and blue differ by more than 12 levels once ffmpeg decoded
    /// <paramref name="path"/> to RGB: 0 for a gray JPEG whatever its pixel format.
    /// </summary>
    public static async Task<double> ColourfulShareAsync(string path)
    {
        var rgb = await RunAsync(RequiredTool.Ffmpeg(), ["-hide_banner", "-loglevel", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        var colourful = 0;
        for (var i = 0; i + 2 < rgb.Length; i += 3)
        {
            var max = Math.Max(rgb[i], Math.Max(rgb[i + 1], rgb[i + 2]));
            var min = Math.Min(rgb[i], Math.Min(rgb[i + 1], rgb[i + 2]));
            if (max - min > 12)
            {
                colourful++;
            }
        }

        return rgb.Length == 0 ? 0 : colourful / (rgb.Length / 3.0);
    }

    private static async Task<byte[]> RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var message = await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(tool)} failed (exit {process.ExitCode}): {message}");
        }

        return output.ToArray();
    }
}

using EdgeCam.Testing;

namespace EdgeCam.CameraCapture.Tests.Snapshots;

/// <summary>The real ffmpeg as the reference JPEG decoder, and ffprobe's view of a file.</summary>
internal static class FfmpegJpeg
{
    /// <summary>Decodes <paramref name="path"/> to 8-bit gray pixels (<c>ffmpeg -i x.jpg -f rawvideo -pix_fmt gray -</c>).</summary>
    public static async Task<byte[]> DecodeGrayAsync(string path)
    {
        var (output, _) = await RunAsync(RequiredTool.Ffmpeg(), ["-hide_banner", "-loglevel", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"]);
        return output;
    }

    /// <summary>ffprobe's <c>codec_name</c>, <c>pix_fmt</c>, <c>width</c> and <c>height</c> of the first video stream.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ProbeAsync(string path)
    {
        var (output, _) = await RunAsync(RequiredTool.Ffprobe(),
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,width,height", "-of", "default=noprint_wrappers=1", path]);
        return System.Text.Encoding.UTF8.GetString(output)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    private static async Task<(byte[] Output, string Error)> RunAsync(string tool, string[] arguments)
    {
        var (exitCode, output, message) = await ReferenceTool.RunAsync(tool, arguments);
        Assert.True(exitCode == 0, $"{Path.GetFileName(tool)} failed (exit {exitCode}): {message}");
        Assert.True(message.Length == 0, $"{Path.GetFileName(tool)} complained: {message}");
        return (output, message);
    }
}

using System.Globalization;

namespace EdgeCam.CameraCapture.Tests.Motion.Oracle;

/// <summary>Decodes a video to raw 8-bit gray frames with ffmpeg (the same conversion the capture path uses).</summary>
internal static class GrayFrames
{
    public static async Task<byte[]> DecodeAsync(string ffmpeg, string video, int width, int height, double fps)
    {
        var (exitCode, output, error) = await ReferenceTool.RunAsync(ffmpeg,
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-i", video,
            "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={fps},scale={width}:{height}"),
            "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1",
        ]);
        return exitCode == 0 ? output : throw new InvalidOperationException($"ffmpeg could not decode {video}: {error}");
    }
}

using System.Diagnostics;
using System.Globalization;

namespace EdgeCam.CameraCapture.Tests.Motion.Oracle;

/// <summary>Decodes a video to raw 8-bit gray frames with ffmpeg (the same conversion the capture path uses).</summary>
internal static class GrayFrames
{
    public static byte[] Decode(string ffmpeg, string video, int width, int height, double fps)
    {
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-i", video,
            "-vf", string.Create(CultureInfo.InvariantCulture, $"fps={fps},scale={width}:{height}"),
            "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not decode {video}: {error.Result}");
        }

        return buffer.ToArray();
    }
}

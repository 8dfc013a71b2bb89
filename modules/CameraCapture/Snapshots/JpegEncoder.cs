using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using EdgeCam.Media.Processes;

namespace EdgeCam.CameraCapture.Snapshots;

/// <summary>Encodes one gray frame as a JPEG with ffmpeg (raw pixels on stdin), written to a temporary name and renamed, so readers never see half a file.</summary>
internal static class JpegEncoder
{
    public static async Task EncodeAsync(string ffmpegPath, byte[] pixels, int width, int height, int quality, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp.jpg";
        var info = new ProcessStartInfo(ffmpegPath) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "gray", "-s", $"{width}x{height}", "-i", "pipe:0",
            "-frames:v", "1", "-q:v", quality.ToString(CultureInfo.InvariantCulture), temporary,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new MediaToolNotFoundException(ffmpegPath, ex);
        }

        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(pixels.AsMemory(0, width * height), cancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        var error = await stderr;
        if (process.ExitCode != 0 || !File.Exists(temporary))
        {
            throw new IOException($"ffmpeg could not encode the snapshot {Path.GetFileName(path)} (exit {process.ExitCode}): {error.Trim()}");
        }

        File.Move(temporary, path, overwrite: true);
    }
}

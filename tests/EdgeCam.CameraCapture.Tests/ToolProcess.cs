using System.ComponentModel;
using System.Diagnostics;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>
/// Runs a reference tool (ffmpeg, ffprobe) and keeps its binary stdout, which
/// <c>ToolRunner</c> (text output, for the product) does not. One place for the tests' process handling.
/// </summary>
internal static class ToolProcess
{
    /// <summary>Runs <paramref name="tool"/>; returns its exit code (-1 when it cannot start), stdout bytes and stderr.</summary>
    public static async Task<(int ExitCode, byte[] Output, string Error)> RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            return (-1, [], $"{tool} cannot be started: {ex.Message}");
        }

        using (process)
        {
            using var output = new MemoryStream();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.BaseStream.CopyToAsync(output);
            await process.WaitForExitAsync();
            return (process.ExitCode, output.ToArray(), await error);
        }
    }
}

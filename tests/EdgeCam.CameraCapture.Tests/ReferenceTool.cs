using System.Diagnostics;
using EdgeCam.Media.Processes;

namespace EdgeCam.CameraCapture.Tests;

/// <summary>
/// Runs a reference tool (ffmpeg, ffprobe) and keeps its binary stdout, which
/// <c>ToolRunner</c> (text output, for the product) does not. Starts it through the product's <c>ToolProcess</c>.
/// </summary>
internal static class ReferenceTool
{
    /// <summary>Runs <paramref name="tool"/>; returns its exit code (-1 when it cannot start), stdout bytes and stderr.</summary>
    public static async Task<(int ExitCode, byte[] Output, string Error)> RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        Process process;
        try
        {
            process = ToolProcess.Start(tool, arguments);
        }
        catch (MediaToolNotFoundException ex)
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

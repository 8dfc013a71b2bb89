using System.ComponentModel;
using System.Diagnostics;

namespace EdgeCam.Media.Processes;

/// <summary>
/// The one place EdgeCam starts an external tool (ffmpeg, ffprobe, rpicam-vid, node): no shell, arguments as a list,
/// stdout and stderr redirected, and a tool that is not installed reported as <see cref="MediaToolNotFoundException"/>.
/// </summary>
public static class ToolProcess
{
    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    /// <param name="executable">A file name looked up on PATH, or a path.</param>
    /// <param name="arguments">Passed one by one, never through a shell.</param>
    /// <param name="redirectInput">Whether the caller writes the tool's stdin (ffmpeg's 'q', or video from a producer).</param>
    /// <param name="beforeStart">Hooks up event handlers (asynchronous output reads) before the process starts.</param>
    /// <exception cref="MediaToolNotFoundException">The tool cannot be started.</exception>
    public static Process Start(string executable, IEnumerable<string> arguments, bool redirectInput = false, Action<Process>? beforeStart = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        beforeStart?.Invoke(process);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new MediaToolNotFoundException(executable, ex);
        }

        return process;
    }
}

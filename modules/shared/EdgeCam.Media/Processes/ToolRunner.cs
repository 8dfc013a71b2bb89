using System.Diagnostics;
using System.Text;

namespace EdgeCam.Media.Processes;

/// <summary>
/// Runs a short-lived media tool (ffmpeg, ffprobe) to completion and captures what it printed.
/// Long-running capture processes start through the same <see cref="ToolProcess"/> and stream stdout instead.
/// </summary>
public static class ToolRunner
{
    /// <summary>Runs <paramref name="executable"/> with <paramref name="arguments"/> (no shell) and waits for it.</summary>
    /// <exception cref="MediaToolNotFoundException">The tool is not installed.</exception>
    public static Task<ToolResult> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(executable, arguments, null, cancellationToken);

    /// <summary>As <see cref="RunAsync(string, IReadOnlyList{string}, CancellationToken)"/>, in <paramref name="workingDirectory"/> (null: this process's), for relative paths such as an image2 glob.</summary>
    /// <exception cref="MediaToolNotFoundException">The tool is not installed.</exception>
    public static async Task<ToolResult> RunAsync(string executable, IReadOnlyList<string> arguments, string? workingDirectory, CancellationToken cancellationToken)
    {
        using var process = ToolProcess.Start(executable, arguments, redirectInput: true, beforeStart: workingDirectory is null ? null : p => p.StartInfo.WorkingDirectory = workingDirectory);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: do not leave the tool running behind it.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What a tool printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last non-empty lines of stderr: where ffmpeg puts the reason it failed.</summary>
    public string ErrorTail(int lines = 3)
    {
        var all = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var builder = new StringBuilder();
        foreach (var line in all.TakeLast(lines))
        {
            if (builder.Length > 0)
            {
                builder.Append(" | ");
            }

            builder.Append(line);
        }

        return builder.ToString();
    }
}

/// <summary>A media tool is not installed; the message says how to install it.</summary>
public sealed class MediaToolNotFoundException : Exception
{
    public MediaToolNotFoundException()
    {
    }

    public MediaToolNotFoundException(string message)
        : base(message)
    {
    }

    public MediaToolNotFoundException(string tool, Exception innerException)
        : base($"'{tool}' was not found on PATH. Install it with: sudo apt-get install -y ffmpeg (or run device/install-deps.sh).", innerException)
    {
    }
}

using System.Diagnostics;
using EdgeCam.Media.Processes;

namespace EdgeCam.Media.Capture;

/// <summary>
/// A process whose stdout feeds ffmpeg's stdin (the libcamera source: <c>rpicam-vid … -o -</c>). Pumps the bytes on its
/// own task; when the producer ends (exit, crash, camera unplugged) ffmpeg's stdin is closed, so ffmpeg finishes its
/// segments and exits too. Stopping kills the producer (a camera tool has no graceful quit on a pipe).
/// </summary>
internal sealed class ProducerPipe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StderrTail _stderr = new(5);

    private ProducerPipe(string tool, Process process, Stream destination)
    {
        Tool = Path.GetFileName(tool);
        _process = process;
        var stderr = DrainStderrAsync();
        Completion = PumpAsync(destination, stderr);
    }

    /// <summary>The tool's file name, for messages.</summary>
    public string Tool { get; }

    /// <summary>The producer's exit code once it ended (never faults).</summary>
    public Task<int> Completion { get; }

    /// <summary>The producer's last stderr lines.</summary>
    public string ErrorSummary => _stderr.Summary();

    /// <summary>Starts <paramref name="tool"/> with <paramref name="arguments"/>, piping its stdout into <paramref name="destination"/>.</summary>
    /// <exception cref="MediaToolNotFoundException">The tool cannot be started.</exception>
    public static ProducerPipe Start(string tool, IReadOnlyList<string> arguments, Stream destination)
    {
        return new ProducerPipe(tool, ToolProcess.Start(tool, arguments), destination);
    }

    /// <summary>Kills the producer; ffmpeg then sees the end of its input.</summary>
    public void Stop()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await Completion;
        _process.Dispose();
    }

    private async Task<int> PumpAsync(Stream destination, Task stderr)
    {
        await Task.Yield();
        try
        {
            await _process.StandardOutput.BaseStream.CopyToAsync(destination);
        }
        catch (IOException)
        {
            // ffmpeg died and closed its stdin: the producer is stopped below.
            Stop();
        }
        finally
        {
            try
            {
                await destination.DisposeAsync();
            }
            catch (IOException)
            {
                // The pipe to ffmpeg is already broken; closing it cannot fail any further.
            }
        }

        await stderr;
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private async Task DrainStderrAsync()
    {
        await Task.Yield();
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                _stderr.Add(line);
            }
        }
        catch (IOException)
        {
            // The producer died; what was read so far is the tail.
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace EdgeCam.Testing.Processes;

/// <summary>
/// A process a test talks to (a stand-in camera, an RTSP server, a camera mock-up) that says on a line of its output
/// when it is ready. Everything it prints is kept (bounded) for the test's failure message; disposing kills it and its
/// children and waits for them, bounded.
/// </summary>
public sealed class ReadyLineProcess : IAsyncDisposable
{
    private const int MaxLogChars = 64 * 1024;

    private readonly Process _process;
    private readonly Func<string, bool> _isReady;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReadyLineProcess(Process process, Func<string, bool> isReady)
    {
        _process = process;
        _isReady = isReady;
    }

    /// <summary>The line that said the process is ready.</summary>
    public string ReadyLine { get; private set; } = string.Empty;

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed on standard output and error, in order (the first 64 K characters).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="info"/> (its output redirected here) and returns once a line satisfies
    /// <paramref name="isReady"/>. Throws <see cref="InvalidOperationException"/> beginning with "exited with code N" or
    /// "was not ready within T s", followed by its output, when it does not get there.
    /// </summary>
    public static async Task<ReadyLineProcess> StartAsync(ProcessStartInfo info, Func<string, bool> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(isReady);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var started = new ReadyLineProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, isReady);
        started._process.OutputDataReceived += started.OnOutput;
        started._process.ErrorDataReceived += started.OnOutput;
        started._process.Start();
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var exited = started._process.WaitForExitAsync(bounded.Token);
        if (await Task.WhenAny(started._ready.Task, exited) == started._ready.Task)
        {
            started.ReadyLine = await started._ready.Task;
            return started;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = started._process.HasExited ? $"exited with code {started._process.ExitCode}" : $"was not ready within {timeout.TotalSeconds} s";
        var log = started.Log;
        await started.DisposeAsync();
        throw new InvalidOperationException($"{why}; its output:\n{log}");
    }

    /// <summary>Writes <paramref name="line"/> to the process's standard input (when it was redirected).</summary>
    public Task WriteLineAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < MaxLogChars)
            {
                _log.AppendLine(e.Data);
            }
        }

        if (_isReady(e.Data))
        {
            _ready.TrySetResult(e.Data);
        }
    }
}

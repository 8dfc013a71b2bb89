using System.Diagnostics;

namespace EdgeCam.Agent.Tests.Firmware;

/// <summary>Runs a program to its end (bounded) and returns its exit code and output (stdout then stderr).</summary>
internal static class ProcessRun
{
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return await RunAsync(info, timeout);
    }

    /// <summary>Runs <paramref name="info"/> (its output redirected here) to its end, bounded by <paramref name="timeout"/>.</summary>
    public static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;

namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks the clock was ever set (a year before 2024 means it never synchronised) and, where <c>timedatectl</c> exists, that NTP says synchronised.</summary>
public sealed class ClockCheck : IDeviceCheck
{
    /// <summary>A clock earlier than this year has never been synchronised (TLS certificates and SAS tokens will be rejected).</summary>
    public const int EarliestPlausibleYear = 2024;

    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<bool?>> _ntpSynchronized;

    /// <param name="time">The clock under test.</param>
    /// <param name="ntpSynchronized">Whether NTP says synchronised; null when unknown (no <c>timedatectl</c>). Default asks <c>timedatectl</c>.</param>
    public ClockCheck(TimeProvider time, Func<CancellationToken, Task<bool?>>? ntpSynchronized = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _ntpSynchronized = ntpSynchronized ?? AskTimedatectlAsync;
    }

    /// <inheritdoc />
    public string Name => "clock";

    /// <inheritdoc />
    public async Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now.Year < EarliestPlausibleYear)
        {
            return CheckResult.Fail(Name, $"the clock says {now:yyyy-MM-dd HH:mm} UTC, so it never synchronised; give the device network access to NTP (timedatectl set-ntp true) or set it by hand, or TLS and SAS tokens will be refused.");
        }

        return await _ntpSynchronized(cancellationToken) switch
        {
            false => CheckResult.Warn(Name, $"{now:yyyy-MM-dd HH:mm} UTC but timedatectl says NTP is not synchronised; check 'timedatectl timesync-status' and that UDP 123 is allowed out."),
            true => CheckResult.Ok(Name, $"{now:yyyy-MM-dd HH:mm} UTC, NTP synchronised."),
            null => CheckResult.Ok(Name, $"{now:yyyy-MM-dd HH:mm} UTC (NTP state unknown: no timedatectl here)."),
        };
    }

    private static async Task<bool?> AskTimedatectlAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("timedatectl", ["show", "-p", "NTPSynchronized", "--value"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // Not installed (containers, minimal images).
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            try
            {
                var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                return process.ExitCode != 0 ? null : text.Trim() switch
                {
                    "yes" => true,
                    "no" => false,
                    _ => null,
                };
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw;
            }
        }
    }
}

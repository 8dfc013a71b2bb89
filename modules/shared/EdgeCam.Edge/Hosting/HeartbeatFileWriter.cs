using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Edge.Hosting;

/// <summary>
/// Writes the current UTC time into a file every <see cref="Interval"/> while the host runs. A container's
/// <c>HEALTHCHECK</c> reads the file's age: a host that hangs or stops stops writing it. Runs only when
/// <see cref="Variable"/> names a file (the module images set it).
/// </summary>
public sealed partial class HeartbeatFileWriter(string path, TimeProvider timeProvider, ILogger<HeartbeatFileWriter> logger) : BackgroundService
{
    /// <summary>Environment variable (configuration key) naming the heartbeat file.</summary>
    public const string Variable = "EDGECAM_HEARTBEAT_FILE";

    /// <summary>How often the file is written; the images' health check allows three intervals.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private bool _failing;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            await WriteAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(path, timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
            if (_failing)
            {
                _failing = false;
                LogWritingAgain(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_failing)
            {
                _failing = true;
                LogWriteFailed(path, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot write the heartbeat file {Path} ({Reason}); the container health check will report unhealthy")]
    private partial void LogWriteFailed(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing the heartbeat file {Path} again")]
    private partial void LogWritingAgain(string path);
}

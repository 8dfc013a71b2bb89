using System.Text.Json.Nodes;
using EdgeCam.Edge.IotHub;
using Microsoft.Extensions.Logging;

namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Writes <see cref="FirmwareStatus"/> to the device twin's reported properties and the log, once per state change: a
/// status equal to the last one written is not sent again. A report that fails (IoT Hub unreachable) is logged and
/// not retried here; the next state change, or the next start, reports again. One caller at a time (the updater's loop).
/// </summary>
public sealed partial class FirmwareStatusReporter
{
    private readonly Func<JsonObject, CancellationToken, Task> _report;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private FirmwareStatus? _last;

    /// <param name="report">Sends a reported-properties patch and returns once IoT Hub acknowledged it.</param>
    public FirmwareStatusReporter(Func<JsonObject, CancellationToken, Task> report, TimeProvider timeProvider, ILogger<FirmwareStatusReporter> logger)
    {
        _report = report;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The last status acknowledged by IoT Hub, if any.</summary>
    public FirmwareStatus? Last => _last;

    /// <summary>Reports <paramref name="status"/> unless it is the last one reported; true when IoT Hub acknowledged it (or it was already).</summary>
    public async Task<bool> ReportAsync(FirmwareStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status == _last)
        {
            return true;
        }

        LogStatus(_logger, FirmwareStatus.StateName(status.State), status.Version, status.TargetVersion ?? "-", status.Message);
        try
        {
            await _report(status.ToReportedPatch(_time.GetUtcNow()), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException or IotHubStatusException or IotHubProtocolException or IotHubAuthenticationException)
        {
            LogReportFailed(_logger, FirmwareStatus.StateName(status.State), ex.Message);
            return false;
        }

        _last = status;
        return true;
    }

    [LoggerMessage(561, LogLevel.Information, "Firmware {State}: running {Version}, target {Target}: {Message}")]
    private static partial void LogStatus(ILogger logger, string state, string version, string target, string message);

    [LoggerMessage(562, LogLevel.Warning, "Firmware state {State} not reported to IoT Hub: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string state, string reason);
}

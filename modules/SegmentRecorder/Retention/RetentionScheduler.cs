using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Decides when retention runs: whenever the index has seen a newly closed segment (so the byte bound and the free-space
/// floor hold within about one segment), and on a backstop timer for the age limits and clips. One pass at a time;
/// the totals are reported only when they changed.
/// </summary>
public sealed partial class RetentionScheduler
{
    private readonly SegmentIndex _index;
    private readonly RetentionSweeper _sweeper;
    private readonly Func<SegmentRecorderSettings> _settings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private RetentionReport? _lastReport;
    private long _sweptAtSegments = -1;

    /// <param name="settings">The settings in force at each pass.</param>
    public RetentionScheduler(SegmentIndex index, RetentionSweeper sweeper, Func<SegmentRecorderSettings> settings, ILogger<RetentionScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(sweeper);
        ArgumentNullException.ThrowIfNull(settings);
        _index = index;
        _sweeper = sweeper;
        _settings = settings;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs a pass if a segment closed since the last one (seen by any refresh of the index).</summary>
    public Task OnIndexRefreshedAsync(IModuleClient client, CancellationToken cancellationToken) =>
        _index.ClosedSegments != Volatile.Read(ref _sweptAtSegments) ? SweepOnceAsync(client, cancellationToken) : Task.CompletedTask;

    /// <summary>Runs a pass every <paramref name="interval"/> until cancelled: the backstop for age limits.</summary>
    public async Task RunBackstopAsync(IModuleClient client, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await SweepOnceAsync(client, cancellationToken);
        }
    }

    /// <summary>Runs one retention pass now and reports its totals if they changed.</summary>
    public async Task SweepOnceAsync(IModuleClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = _settings();
        RetentionReport report;
        lock (_gate)
        {
            // The poll and the backstop may both ask for a pass: one at a time, each sees the other's deletions.
            try
            {
                _index.Refresh();
                Volatile.Write(ref _sweptAtSegments, _index.ClosedSegments);
                report = _sweeper.Sweep(s.RetentionLimits, s.MaxClipLength + s.ClipTimeout);
            }
            catch (IOException ex)
            {
                LogRetry(ex.Message);
                return;
            }

            if (report == _lastReport)
            {
                return;
            }

            _lastReport = report;
        }

        await client.UpdateReportedPropertiesAsync(RetentionReported.ToPatch(report), cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Debug, "Spool changed during a retention pass; retrying on the next one: {Reason}")]
    private partial void LogRetry(string reason);
}

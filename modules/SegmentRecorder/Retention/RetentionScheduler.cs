using EdgeCam.Contracts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using EdgeCam.SegmentRecorder.Index;
using EdgeCam.SegmentRecorder.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>
/// Decides when retention runs: whenever the index has seen a newly closed segment (so the byte bound holds within about
/// one segment), whenever the volume is below the free-space floor and its free space moved since the last pass (so the
/// floor holds within one index poll, also while a segment is being written or another program fills the disk), and on
/// a backstop timer for the age limits and clips. One pass at a time; the totals are reported only when they changed.
/// When the floor cannot be kept (<see cref="FloorState.Unmet"/>) a <see cref="StorageHealth"/> goes out on
/// <see cref="HealthOutput"/>, and another when it is kept again: once per change.
/// </summary>
public sealed partial class RetentionScheduler
{
    /// <summary>Output carrying <c>storageHealth</c>.</summary>
    public const string HealthOutput = "health";

    private readonly SegmentIndex _index;
    private readonly RetentionSweeper _sweeper;
    private readonly Func<SegmentRecorderSettings> _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private RetentionReport? _lastReport;
    private StorageState _storage = StorageState.Ok;
    private long _sweptAtSegments = -1;

    /// <param name="settings">The settings in force at each pass.</param>
    /// <param name="time">Stamps the storage health messages (the system clock by default).</param>
    public RetentionScheduler(SegmentIndex index, RetentionSweeper sweeper, Func<SegmentRecorderSettings> settings, ILogger<RetentionScheduler>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(sweeper);
        ArgumentNullException.ThrowIfNull(settings);
        _index = index;
        _sweeper = sweeper;
        _settings = settings;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs a pass if a segment closed since the last one (seen by any refresh of the index), or the volume is below the floor and filling.</summary>
    public Task OnIndexRefreshedAsync(IModuleClient client, CancellationToken cancellationToken) =>
        _index.ClosedSegments != Volatile.Read(ref _sweptAtSegments) || _sweeper.NeedsFloorPass(_settings().RetentionLimits)
            ? SweepOnceAsync(client, cancellationToken)
            : Task.CompletedTask;

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
        StorageHealth? changed;
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

            changed = StorageChange(report, client.ModuleId);
            if (report == _lastReport)
            {
                return;
            }

            _lastReport = report;
        }

        if (changed is not null)
        {
            var message = ContractMessage.Create(changed, ContractsJsonContext.Default.StorageHealth, MessageTypes.StorageHealth, changed.Volume, Guid.NewGuid().ToString("N"));
            await client.SendAsync(HealthOutput, message, cancellationToken);
        }

        await client.UpdateReportedPropertiesAsync(RetentionReported.ToPatch(report), cancellationToken);
    }

    // Below the floor means unmet: retention evicted all it may and it is still short. Evicting is the floor working.
    private StorageHealth? StorageChange(RetentionReport report, string moduleId)
    {
        var state = report.Floor == FloorState.Unmet ? StorageState.BelowFloor : StorageState.Ok;
        if (state == _storage || report.FreeBytes is not { } free)
        {
            return null;
        }

        _storage = state;
        var mb = 1024.0 * 1024.0;
        if (state == StorageState.BelowFloor)
        {
            LogBelowFloor(free / mb, report.FloorBytes / mb, report.ProtectedSegments);
        }
        else
        {
            LogFloorRecovered(free / mb, report.FloorBytes / mb);
        }

        return new StorageHealth(moduleId, state, free, report.FloorBytes, report.VolumeBytes ?? 0, _time.GetUtcNow());
    }

    [LoggerMessage(1, LogLevel.Debug, "Spool changed during a retention pass; retrying on the next one: {Reason}")]
    private partial void LogRetry(string reason);

    [LoggerMessage(2, LogLevel.Warning, "Storage below the free-space floor: {FreeMegabytes:0.0} MB free, floor {FloorMegabytes:0.0} MB, after evicting all unprotected footage ({Protected} segment(s) protected for events; the rest is other files on the volume)")]
    private partial void LogBelowFloor(double freeMegabytes, double floorMegabytes, int @protected);

    [LoggerMessage(3, LogLevel.Information, "Storage back above the free-space floor: {FreeMegabytes:0.0} MB free, floor {FloorMegabytes:0.0} MB")]
    private partial void LogFloorRecovered(double freeMegabytes, double floorMegabytes);
}

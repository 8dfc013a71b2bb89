using System.Threading.Channels;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.Messaging;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.Health;

/// <summary>
/// Health that speaks up: takes every message of input <c>health</c> to its rule (camera offline, storage low, uploads
/// stuck, tamper, outbox dropping), checks the clock on its cadence, and hands each deduplicated alert and recovery to
/// <see cref="Alerts"/>. Rules and their timers run one at a time under one lock.
/// </summary>
public sealed partial class HealthMonitor : IDisposable
{
    // Alerts wait here for the send loop; at most a few per episode, so the bound is only a guard (a drop is logged).
    private const int QueuedAlerts = 256;

    private readonly HealthContext _context;
    private readonly CameraOfflineRule _offline;
    private readonly UploadsStuckRule _uploads;
    private readonly StorageCredentialRule _credential;
    private readonly StorageRule _storage;
    private readonly TamperRule _tamper;
    private readonly OutboxRule _outbox;
    private readonly IClockStatus _clock;
    private readonly ILogger _logger;
    private readonly Channel<Alert> _alerts;

    public HealthMonitor(TimeProvider time, Func<HealthSettings> settings, IClockStatus clock, ILogger logger)
    {
        _logger = logger;
        _alerts = Channel.CreateBounded<Alert>(
            new BoundedChannelOptions(QueuedAlerts) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => LogAlertDropped(dropped.Kind, dropped.CameraId));
        _context = new HealthContext(time, settings, alert => _alerts.Writer.TryWrite(alert));
        _offline = new CameraOfflineRule(_context);
        _uploads = new UploadsStuckRule(_context);
        _credential = new StorageCredentialRule(_context);
        _storage = new StorageRule(_context);
        _tamper = new TamperRule(_context);
        _outbox = new OutboxRule(_context);
        _clock = clock;
    }

    /// <summary>Deduplicated health alerts and recoveries, in the order they happened.</summary>
    public ChannelReader<Alert> Alerts => _alerts.Reader;

    /// <summary>Takes one message of input <c>health</c>; false when its type is not a health contract.</summary>
    /// <exception cref="ContractFormatException">The body does not match its contract.</exception>
    public bool Observe(ModuleMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.MessageType();
        lock (_context.Gate)
        {
            switch (type)
            {
                case MessageTypes.CameraHealth:
                    _offline.Observe(message.Read(ContractsJsonContext.Default.CameraHealth));
                    return true;
                case MessageTypes.StorageHealth:
                    _storage.Observe(message.Read(ContractsJsonContext.Default.StorageHealth));
                    return true;
                case MessageTypes.BufferHealth:
                    var buffer = message.Read(ContractsJsonContext.Default.BufferHealth);
                    _uploads.Observe(buffer);
                    _credential.Observe(buffer);
                    return true;
                case MessageTypes.TamperHealth:
                    _tamper.Observe(message.Read(ContractsJsonContext.Default.TamperHealth));
                    return true;
                case MessageTypes.OutboxHealth:
                    _outbox.Observe(message.Read(ContractsJsonContext.Default.OutboxHealth));
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>Checks the clock at once and then every <see cref="HealthSettings.ClockCheckInterval"/> until cancelled.</summary>
    /// <param name="subject">Whom clock alerts name: EventRouter's module id (the clock is the device's).</param>
    public async Task RunClockChecksAsync(string subject, CancellationToken cancellationToken)
    {
        var rule = new ClockSyncRule(_context, _clock, subject);
        while (true)
        {
            lock (_context.Gate)
            {
                rule.Check();
            }

            await Task.Delay(_context.Settings.ClockCheckInterval, _context.Time, cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_context.Gate)
        {
            _offline.Dispose();
            _uploads.Dispose();
        }
    }

    [LoggerMessage(20, LogLevel.Warning, "Health alert {Kind} for {Subject} dropped: the alert queue is full")]
    private partial void LogAlertDropped(string kind, string subject);
}

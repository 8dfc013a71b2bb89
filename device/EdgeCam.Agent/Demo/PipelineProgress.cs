using EdgeCam.Contracts;
using EdgeCam.Contracts.Alerts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.Serialization;
using EdgeCam.Edge.InProcess;
using EdgeCam.Edge.Messaging;

namespace EdgeCam.Agent.Demo;

/// <summary>
/// Follows one run of the pipeline by watching every message the in-process hub routes: the motion events, their
/// clips, the uploads, the alerts and each camera's capture state. Thread-safe; the hub raises from several tasks.
/// </summary>
public sealed class PipelineProgress
{
    private readonly Lock _lock = new();
    private readonly List<MotionStarted> _started = [];
    private readonly Dictionary<string, MotionEnded> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClipReady> _clips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClipUploaded> _uploads = new(StringComparer.Ordinal);
    private readonly List<Alert> _alerts = [];
    private readonly Dictionary<string, CameraHealth> _cameras = new(StringComparer.Ordinal);

    /// <summary>Feeds one routed message (subscribe it to <see cref="InProcessHub.MessageRouted"/>).</summary>
    public void Observe(RoutedMessage routed)
    {
        ArgumentNullException.ThrowIfNull(routed);
        var message = routed.Message;
        lock (_lock)
        {
            try
            {
                Record(message);
            }
            catch (ContractFormatException)
            {
                // A module sent a body that is not its contract: count it; the summary shows it, the pipeline goes on.
                UnreadableMessages++;
            }
        }
    }

    /// <summary>Messages whose body did not match the contract their messageType names.</summary>
    public int UnreadableMessages { get; private set; }

    private void Record(ModuleMessage message)
    {
        {
            switch (message.MessageType())
            {
                case MessageTypes.MotionStarted:
                    _started.Add(message.Read(ContractsJsonContext.Default.MotionStarted));
                    break;
                case MessageTypes.MotionEnded:
                    var ended = message.Read(ContractsJsonContext.Default.MotionEnded);
                    _ended[ended.EventId] = ended;
                    break;
                case MessageTypes.ClipReady:
                    var clip = message.Read(ContractsJsonContext.Default.ClipReady);
                    _clips[clip.EventId] = clip;
                    break;
                case MessageTypes.ClipUploaded:
                    var uploaded = message.Read(ContractsJsonContext.Default.ClipUploaded);
                    _uploads[uploaded.EventId] = uploaded;
                    break;
                case MessageTypes.Alert:
                    _alerts.Add(message.Read(ContractsJsonContext.Default.Alert));
                    break;
                case MessageTypes.CameraHealth:
                    var health = message.Read(ContractsJsonContext.Default.CameraHealth);
                    _cameras[health.CameraId] = health;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>A consistent copy of everything seen so far.</summary>
    public PipelineSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new PipelineSnapshot(
                [.. _started],
                new Dictionary<string, MotionEnded>(_ended, StringComparer.Ordinal),
                new Dictionary<string, ClipReady>(_clips, StringComparer.Ordinal),
                new Dictionary<string, ClipUploaded>(_uploads, StringComparer.Ordinal),
                [.. _alerts],
                new Dictionary<string, CameraHealth>(_cameras, StringComparer.Ordinal));
        }
    }
}

/// <summary>What <see cref="PipelineProgress"/> had seen at one moment.</summary>
public sealed record PipelineSnapshot(
    IReadOnlyList<MotionStarted> Started,
    IReadOnlyDictionary<string, MotionEnded> Ended,
    IReadOnlyDictionary<string, ClipReady> Clips,
    IReadOnlyDictionary<string, ClipUploaded> Uploads,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyDictionary<string, CameraHealth> Cameras)
{
    /// <summary>A camera whose capture failed for good, if any.</summary>
    public CameraHealth? FailedCamera => Cameras.Values.FirstOrDefault(c => c.State == CaptureState.Failed);

    /// <summary>True when some camera reported and none is still capturing.</summary>
    public bool CamerasEnded => Cameras.Count > 0 && Cameras.Values.All(c => c.State is CaptureState.Ended or CaptureState.Stopped);

    /// <summary>Every started event has ended and has its clip.</summary>
    public bool AllEventsClipped => Started.All(s => Ended.ContainsKey(s.EventId) && Clips.ContainsKey(s.EventId));

    /// <summary>Clips not (yet) confirmed by the storage target.</summary>
    public IReadOnlyList<ClipReady> NotUploaded => [.. Clips.Values.Where(c => !Uploads.ContainsKey(c.EventId))];
}

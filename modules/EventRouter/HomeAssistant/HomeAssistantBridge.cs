using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeCam.Contracts;
using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.Motion;
using EdgeCam.Contracts.NightVision;
using EdgeCam.EventRouter.LocalMqtt;
using Microsoft.Extensions.Logging;

namespace EdgeCam.EventRouter.HomeAssistant;

/// <summary>
/// Keeps Home Assistant's view of EdgeCam on the local broker: the discovery documents of every camera, zone and
/// buffer seen so far, and the latest state of each entity, all retained. Events only update a table of latest
/// values (never waiting for the broker); one worker publishes what changed while connected, and everything again
/// after each reconnection (a broker restarted without persistence has forgotten the retained messages).
/// </summary>
public sealed partial class HomeAssistantBridge
{
    /// <summary>Largest snapshot published as the image entity (a 1080p JPEG is about 300 KB).</summary>
    public const int MaxSnapshotBytes = 4 * 1024 * 1024;

    private readonly LocalMqttLink _link;
    private readonly Func<HomeAssistantSettings> _settings;
    private readonly SharedVolume? _volume;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    // Latest payload per topic, in first-seen order (discovery documents before the states they describe), and the
    // topics not yet published since they changed.
    private readonly Dictionary<string, byte[]> _retained = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownEntities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _zonesOn = new(StringComparer.Ordinal);
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool _snapshotUnreadable;

    public HomeAssistantBridge(LocalMqttLink link, Func<HomeAssistantSettings> settings, SharedVolume? volume, ILogger<HomeAssistantBridge> logger)
    {
        _link = link;
        _settings = settings;
        _volume = volume;
        _logger = logger;
        link.OnConnected(RepublishAllAsync);
    }

    private bool Active => _settings().Enabled && _link.Settings.Enabled;

    /// <summary>Motion began: the camera's sensor and the touched zones' sensors turn ON, the snapshot becomes the image.</summary>
    public void OnMotionStarted(MotionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        var topics = _link.Topics;
        var snapshot = ReadSnapshot(started.SnapshotPath);
        lock (_gate)
        {
            KnowCamera(topics, started.CameraId);
            Set(topics.Motion(started.CameraId), "ON");
            var on = ZonesOn(started.CameraId);
            foreach (var zone in started.Zones)
            {
                Know(DiscoveryDocuments.ForZone(_settings().DiscoveryPrefix, topics, started.CameraId, zone));
                Set(topics.ZoneMotion(started.CameraId, zone), "ON");
                on.Add(zone);
            }

            if (snapshot is not null)
            {
                Set(topics.Snapshot(started.CameraId), snapshot);
            }
        }

        Signal();
    }

    /// <summary>Motion ended: the camera's sensor and every zone sensor still ON turn OFF.</summary>
    public void OnMotionEnded(MotionEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        var topics = _link.Topics;
        lock (_gate)
        {
            KnowCamera(topics, ended.CameraId);
            Set(topics.Motion(ended.CameraId), "OFF");
            var on = ZonesOn(ended.CameraId);
            foreach (var zone in on)
            {
                Set(topics.ZoneMotion(ended.CameraId, zone), "OFF");
            }

            on.Clear();
        }

        Signal();
    }

    /// <summary>The capture state of a camera.</summary>
    public void OnCameraHealth(CameraHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        Update(health.CameraId, topics => topics.CameraState(health.CameraId), JsonNamingPolicy.CamelCase.ConvertName(health.State.ToString()));
    }

    /// <summary>The IR mode of a camera.</summary>
    public void OnNightVision(NightVisionChanged changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        Update(changed.CameraId, topics => topics.InfraredMode(changed.CameraId), changed.Mode == NightVisionMode.Night ? "night" : "day");
    }

    /// <summary>A clip of a camera reached storage.</summary>
    public void OnClipUploaded(ClipUploaded uploaded)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
        Update(uploaded.CameraId, topics => topics.LastUpload(uploaded.CameraId), Timestamp(uploaded.UploadedAt));
    }

    /// <summary>A buffer's backlog.</summary>
    public void OnBufferHealth(BufferHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var topics = _link.Topics;
        lock (_gate)
        {
            if (_knownEntities.Add("buffer/" + health.Buffer))
            {
                foreach (var document in DiscoveryDocuments.ForBuffer(_settings().DiscoveryPrefix, topics, health.Buffer))
                {
                    Know(document);
                }
            }

            Set(topics.Buffer(health.Buffer, BufferFigures.PendingCount), health.PendingCount.ToString(CultureInfo.InvariantCulture));
            Set(topics.Buffer(health.Buffer, BufferFigures.PendingBytes), health.PendingBytes.ToString(CultureInfo.InvariantCulture));
            if (health.LastUploadAt is { } last)
            {
                Set(topics.Buffer(health.Buffer, BufferFigures.LastUpload), Timestamp(last));
            }
        }

        Signal();
    }

    /// <summary>Publishes changes while connected, until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _changed.Reader.ReadAsync(cancellationToken);
            if (!Active || !_link.IsConnected)
            {
                continue; // The next connection republishes everything.
            }

            try
            {
                await PublishDirtyAsync(cancellationToken);
            }
            catch (LocalMqttException ex)
            {
                LogPublishFailed(ex.Message); // The link reconnects, then republishes all.
            }
        }
    }

    // Only the worker publishes: were a reconnection to publish its own batch beside the worker's, an older batch could
    // land after a newer one (motion ON after its OFF). So a connection only marks everything for the worker.
    private Task RepublishAllAsync(CancellationToken cancellationToken)
    {
        if (!Active)
        {
            return Task.CompletedTask;
        }

        int count;
        lock (_gate)
        {
            _dirty.UnionWith(_order);
            count = _order.Count;
        }

        Signal();
        LogRepublishing(count, _link.Topics.Availability);
        return Task.CompletedTask;
    }

    private async Task PublishDirtyAsync(CancellationToken cancellationToken)
    {
        List<(string Topic, byte[] Payload)> batch;
        lock (_gate)
        {
            batch = _order.Where(_dirty.Contains).Select(t => (t, _retained[t])).ToList();
            _dirty.Clear();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await _link.PublishAsync(batch[i].Topic, batch[i].Payload, retain: true, cancellationToken);
            }
            catch
            {
                lock (_gate)
                {
                    _dirty.UnionWith(batch.Skip(i).Select(b => b.Topic));
                }

                throw;
            }
        }
    }

    private void Update(string cameraId, Func<TopicLayout, string> topic, string value)
    {
        var topics = _link.Topics;
        lock (_gate)
        {
            KnowCamera(topics, cameraId);
            Set(topic(topics), value);
        }

        Signal();
    }

    private void KnowCamera(TopicLayout topics, string cameraId)
    {
        if (_knownEntities.Add("camera/" + cameraId))
        {
            foreach (var document in DiscoveryDocuments.ForCamera(_settings().DiscoveryPrefix, topics, cameraId))
            {
                Know(document);
            }
        }
    }

    private void Know(DiscoveryDocument document) =>
        Set(document.Topic, Encoding.UTF8.GetBytes(document.Config.ToJsonString()));

    private HashSet<string> ZonesOn(string cameraId)
    {
        if (!_zonesOn.TryGetValue(cameraId, out var zones))
        {
            zones = new HashSet<string>(StringComparer.Ordinal);
            _zonesOn[cameraId] = zones;
        }

        return zones;
    }

    private void Set(string topic, string value) => Set(topic, Encoding.UTF8.GetBytes(value));

    private void Set(string topic, byte[] payload)
    {
        if (!_retained.ContainsKey(topic))
        {
            _order.Add(topic);
        }

        _retained[topic] = payload;
        _dirty.Add(topic);
    }

    // One pending signal is enough: the worker publishes everything dirty when it wakes.
    private void Signal() => _changed.Writer.TryWrite(true);

    private byte[]? ReadSnapshot(string? relativePath)
    {
        if (relativePath is null || _volume is null)
        {
            return null;
        }

        try
        {
            var file = new FileInfo(_volume.Resolve(relativePath));
            if (file.Length > MaxSnapshotBytes)
            {
                return null;
            }

            var bytes = File.ReadAllBytes(file.FullName);
            _snapshotUnreadable = false;
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            if (!_snapshotUnreadable)
            {
                _snapshotUnreadable = true;
                LogSnapshotUnreadable(relativePath, ex.Message);
            }

            return null;
        }
    }

    private static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(1, LogLevel.Information, "Home Assistant: republishing {Count} retained topics (discovery and states) under {Availability}")]
    private partial void LogRepublishing(int count, string availability);

    [LoggerMessage(2, LogLevel.Warning, "Home Assistant: publish failed: {Reason}; everything is republished after the reconnection")]
    private partial void LogPublishFailed(string reason);

    [LoggerMessage(3, LogLevel.Warning, "Home Assistant: snapshot {Path} cannot be read ({Reason}); the image entity keeps the previous one (EventRouter needs the shared volume mounted to show snapshots)")]
    private partial void LogSnapshotUnreadable(string path, string reason);
}

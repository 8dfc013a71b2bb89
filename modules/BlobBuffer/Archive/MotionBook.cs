using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeCam.Contracts.Motion;
using EdgeCam.Edge.Durability;
using Microsoft.Extensions.Logging;

namespace EdgeCam.BlobBuffer.Archive;

/// <summary>
/// Remembers the score and zones of the last <see cref="Capacity"/> motion events (from input <c>motion</c>), so that
/// their clips and snapshots get them as blob index tags when they are committed, which may be days later. Kept in
/// <c>buffer/motion-events.json</c>, rewritten atomically on every motion message (about 50 KB when full), so the
/// tags survive a restart. The oldest event is forgotten first: a clip that waits behind more than
/// <see cref="Capacity"/> newer events is committed without <c>score</c> and <c>zones</c>.
/// </summary>
public sealed partial class MotionBook
{
    /// <summary>The most events remembered.</summary>
    public const int Capacity = 512;

    /// <summary>The file in the store directory.</summary>
    public const string FileName = "motion-events.json";

    private readonly Lock _gate = new();
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly LinkedList<EventMotion> _order = new();
    private readonly Dictionary<(string, string), LinkedListNode<EventMotion>> _byEvent = [];

    private MotionBook(string? path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    /// <summary>Events remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>A book that keeps nothing on disk (tests, and hosts without a store).</summary>
    public static MotionBook InMemory() => new(null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>Opens the book in <paramref name="directory"/>; an unreadable file is logged once and started afresh.</summary>
    public static MotionBook Open(string directory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(directory);
        var book = new MotionBook(Path.Combine(directory, FileName), logger);
        if (File.Exists(book._path))
        {
            try
            {
                foreach (var motion in JsonSerializer.Deserialize(File.ReadAllBytes(book._path), MotionBookJsonContext.Default.ListEventMotion) ?? [])
                {
                    book.Put(motion);
                }
            }
            catch (JsonException ex)
            {
                LogUnreadable(logger, book._path, ex.Message);
            }
        }

        return book;
    }

    /// <summary>Records an event's start: its score and zones.</summary>
    public void Record(MotionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        Update(started.CameraId, started.EventId, started.Score, started.Zones);
    }

    /// <summary>Records an event's end: its peak score (the zones stay those of the start).</summary>
    public void Record(MotionEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        Update(ended.CameraId, ended.EventId, ended.PeakScore, null);
    }

    /// <summary>What is known of the event of a clip or snapshot (a clip part <c>&lt;event&gt;.partN</c> finds its event), or null.</summary>
    public EventMotion? Find(string cameraId, string eventId)
    {
        lock (_gate)
        {
            return _byEvent.TryGetValue((cameraId, BlobIndexTags.EventOf(eventId)), out var node) ? node.Value : null;
        }
    }

    private void Update(string cameraId, string eventId, double score, IReadOnlyList<string>? zones)
    {
        lock (_gate)
        {
            var known = _byEvent.TryGetValue((cameraId, eventId), out var node) ? node.Value : null;
            var motion = new EventMotion(
                cameraId,
                eventId,
                Math.Max(score, known?.Score ?? 0),
                zones ?? known?.Zones ?? []);
            if (motion == known)
            {
                return;
            }

            Put(motion);
            Save();
        }
    }

    private void Put(EventMotion motion)
    {
        var key = (motion.CameraId, motion.EventId);
        if (_byEvent.Remove(key, out var old))
        {
            _order.Remove(old);
        }

        _byEvent[key] = _order.AddLast(motion);
        while (_order.Count > Capacity)
        {
            _byEvent.Remove((_order.First!.Value.CameraId, _order.First.Value.EventId));
            _order.RemoveFirst();
        }
    }

    private void Save()
    {
        if (_path is not null)
        {
            DurableFile.WriteAtomically(_path, JsonSerializer.SerializeToUtf8Bytes([.. _order], MotionBookJsonContext.Default.ListEventMotion));
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Motion events file {Path} is unreadable ({Reason}); started afresh: clips of earlier events get no score or zones tags")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}

/// <summary>The JSON shape of <c>motion-events.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<EventMotion>))]
internal sealed partial class MotionBookJsonContext : JsonSerializerContext
{
}

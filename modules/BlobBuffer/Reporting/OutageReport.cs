using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeCam.BlobBuffer.Archive;
using EdgeCam.BlobBuffer.Store;
using EdgeCam.BlobBuffer.Upload;
using EdgeCam.Contracts.Health;
using EdgeCam.Edge.Durability;

namespace EdgeCam.BlobBuffer.Reporting;

/// <summary>
/// Watches for outages and decides when BlobBuffer sends its one <see cref="OutageSummary"/>. An outage begins when
/// the first failed upload attempt started (<see cref="ClipUploader.FailingSince"/>) and ends at the first confirmed upload after it; only one that lasted at least the
/// threshold (<c>outageSummaryAfterSeconds</c>) gets a summary, a blip gets none. While it is open, what was accepted
/// (since uploads last worked, or without an upload since the start, since the outage began) and evicted is counted, and it is kept in <c>buffer/outage.json</c>, so a restart during the outage still ends in
/// exactly one summary covering the whole outage (from its first failure, counts from before the restart included).
/// Asked after every accepted clip and every upload attempt, like <see cref="BufferHealthReport"/>.
/// </summary>
public sealed class OutageReport
{
    /// <summary>The file in the store directory that holds an open outage.</summary>
    public const string FileName = "outage.json";

    private readonly string _buffer;
    private readonly string _path;
    private readonly TimeProvider _timeProvider;
    private OpenOutage? _open;
    private long _lastEvictedCount;

    private OutageReport(string buffer, string path, TimeProvider timeProvider, OpenOutage? open)
    {
        _buffer = buffer;
        _path = path;
        _timeProvider = timeProvider;
        _open = open;
    }

    /// <summary>When the open outage began, or null when uploads work.</summary>
    public DateTimeOffset? OpenSince => _open?.From;

    /// <summary>Opens the watch for <paramref name="buffer"/> (the module id), resuming an outage a restart interrupted.</summary>
    public static OutageReport Open(string buffer, string directory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory, FileName);
        OpenOutage? open = null;
        if (File.Exists(path))
        {
            try
            {
                open = JsonSerializer.Deserialize(File.ReadAllBytes(path), OutageJsonContext.Default.OpenOutage);
            }
            catch (JsonException)
            {
                // Torn by a power loss mid-write (the write is atomic, so only a damaged disk): the outage restarts now.
                open = null;
            }
        }

        return new OutageReport(buffer, path, timeProvider, open);
    }

    /// <summary>
    /// Looks at the store and the uploader: opens an outage on a failed attempt, counts what it accepted and evicted, and
    /// returns the summary to send when it ended after at least <paramref name="threshold"/> (then call
    /// <see cref="Sent"/>), or null. An outage shorter than the threshold ends here without one.
    /// </summary>
    public OutageSummary? Next(ClipStore store, ClipUploader uploader, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(uploader);
        var evicted = store.EvictedCount - _lastEvictedCount;
        _lastEvictedCount = store.EvictedCount;
        var changed = false;
        if (_open is null)
        {
            if (uploader.LastError is null)
            {
                return null;
            }

            var from = uploader.FailingSince ?? _timeProvider.GetUtcNow();
            // Clips accepted since uploads last worked were held back by the outage (the one whose attempt found it too).
            var countSince = uploader.LastUploadAt is { } last && last < from ? last : from;
            _open = new OpenOutage(from, countSince, [], 0);
            changed = true;
        }

        var pending = store.Pending();
        foreach (var clip in pending.Where(c => c.AcceptedAt >= _open.CountSince))
        {
            changed |= _open.Accepted.Add($"{clip.Kind}/{clip.CameraId}/{clip.EventId}");
        }

        if (evicted > 0)
        {
            _open = _open with { Evicted = _open.Evicted + (int)evicted };
            changed = true;
        }

        if (uploader.LastError is null && uploader.LastUploadAt is { } resumed && resumed >= _open.From)
        {
            if (resumed - _open.From < threshold)
            {
                Sent(); // a blip: no summary
                return null;
            }

            return Summary(_open, resumed, pending);
        }

        if (changed)
        {
            DurableFile.WriteAtomically(_path, JsonSerializer.SerializeToUtf8Bytes(_open, OutageJsonContext.Default.OpenOutage));
        }

        return null;
    }

    /// <summary>The summary went out (or none was due): the outage is closed and forgotten.</summary>
    public void Sent()
    {
        _open = null;
        DurableFile.Delete(_path);
    }

    private OutageSummary Summary(OpenOutage outage, DateTimeOffset resumed, IReadOnlyList<BufferedClip> pending)
    {
        var accepted = outage.Accepted.Select(key => key.Split('/', 3)).ToList();
        var events = accepted
            .Where(k => k[0] is BlobKinds.Clip or BlobKinds.Snapshot)
            .Select(k => $"{k[1]}/{BlobIndexTags.EventOf(k[2])}")
            .Distinct(StringComparer.Ordinal)
            .Count();
        return new OutageSummary(
            _buffer,
            outage.From,
            resumed,
            EventsAccepted: events,
            ClipsAccepted: accepted.Count(k => k[0] != BlobKinds.Snapshot),
            ClipsWaiting: pending.Count,
            BytesWaiting: pending.Sum(c => c.SizeBytes),
            OldestPendingSince: pending.Count > 0 ? pending.Min(c => c.AcceptedAt) : null,
            Evicted: outage.Evicted);
    }
}

/// <summary>
/// An outage still open: when it began, since when accepted clips count (the last confirmed upload before it, else its
/// start), what was accepted (<c>kind/camera/event</c>), what was evicted.
/// </summary>
internal sealed record OpenOutage(DateTimeOffset From, DateTimeOffset CountSince, HashSet<string> Accepted, int Evicted);

/// <summary>The JSON shape of <c>outage.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OpenOutage))]
internal sealed partial class OutageJsonContext : JsonSerializerContext
{
}

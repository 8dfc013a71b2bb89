using EdgeCam.Contracts.Clips;
using EdgeCam.Contracts.Health;
using EdgeCam.Contracts.NightVision;

namespace EdgeCam.WebConsole.Health;

/// <summary>
/// The latest state of everything the modules report (the same messages EventRouter's health rules read): each
/// camera's capture state and IR mode, each buffer's backlog and last upload, the recorder's disk. A camera's frame
/// counters are the newer of its last <c>cameraHealth</c> (a state change) and its last <c>cameraFrameCounts</c>
/// (every few seconds while it runs). Thread-safe.
/// </summary>
public sealed class HealthBoard
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, CameraHealth> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CameraFrameCounts> _counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, NightVisionChanged> _nightVision = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, BufferHealth> _buffers = new(StringComparer.Ordinal);
    private StorageHealth? _storage;
    private ClipUploaded? _lastUpload;

    /// <summary>What the board holds now.</summary>
    public HealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new HealthSnapshot([.. _cameras.Values.Select(WithNewestCounts)], [.. _nightVision.Values], [.. _buffers.Values], _storage, _lastUpload);
        }
    }

    public void Observe(CameraHealth health) => Set(() => _cameras[health.CameraId] = health);

    public void Observe(CameraFrameCounts counts) => Set(() => _counts[counts.CameraId] = counts);

    public void Observe(NightVisionChanged change) => Set(() => _nightVision[change.CameraId] = change);

    public void Observe(BufferHealth health) => Set(() => _buffers[health.Buffer] = health);

    public void Observe(StorageHealth health) => Set(() => _storage = health);

    public void Observe(ClipUploaded uploaded) => Set(() => _lastUpload = _lastUpload is null || uploaded.UploadedAt >= _lastUpload.UploadedAt ? uploaded : _lastUpload);

    // Counts read after the state changed are newer than the ones its cameraHealth carried.
    private CameraHealth WithNewestCounts(CameraHealth health) =>
        _counts.TryGetValue(health.CameraId, out var counts) && counts.Time > health.Time
            ? health with { FramesAnalysed = counts.FramesAnalysed, FramesDropped = counts.FramesDropped }
            : health;

    private void Set(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }
}

/// <summary>The health board at one moment.</summary>
public sealed record HealthSnapshot(
    IReadOnlyList<CameraHealth> Cameras,
    IReadOnlyList<NightVisionChanged> NightVision,
    IReadOnlyList<BufferHealth> Buffers,
    StorageHealth? Storage,
    ClipUploaded? LastUpload);

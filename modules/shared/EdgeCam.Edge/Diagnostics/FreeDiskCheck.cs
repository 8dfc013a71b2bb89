using EdgeCam.Edge.Volumes;

namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks the shared volume has at least a floor of free space (<see cref="VolumeSpaceReader"/>: what a non-root module may write).</summary>
public sealed class FreeDiskCheck : IDeviceCheck
{
    /// <summary>Below this much free space recording and buffering soon stop: 512 MiB.</summary>
    public const long DefaultFloorBytes = 512L * 1024 * 1024;

    private readonly string _path;
    private readonly long _floorBytes;
    private readonly VolumeSpaceReader _space;

    /// <param name="path">The shared volume.</param>
    /// <param name="floorBytes">Less free than this fails.</param>
    public FreeDiskCheck(string path, long floorBytes = DefaultFloorBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(floorBytes);
        _path = path;
        _floorBytes = floorBytes;
        _space = new VolumeSpaceReader(path);
    }

    /// <inheritdoc />
    public string Name => "disk";

    /// <inheritdoc />
    public Task<CheckResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_path))
        {
            return Task.FromResult(CheckResult.Fail(Name, $"{_path} does not exist; create it or mount the shared volume there (EDGECAM_DATA names it)."));
        }

        if (_space.Read() is not { } space)
        {
            return Task.FromResult(CheckResult.Fail(Name, $"{_space.LastError}; check the mount."));
        }

        var free = space.FreeBytes;
        return Task.FromResult(free < _floorBytes
            ? CheckResult.Fail(Name, $"only {Mib(free)} MiB free on {_path} (floor {Mib(_floorBytes)} MiB); delete old clips or give the volume more space.")
            : CheckResult.Ok(Name, $"{Mib(free)} MiB free on {_path}."));
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}

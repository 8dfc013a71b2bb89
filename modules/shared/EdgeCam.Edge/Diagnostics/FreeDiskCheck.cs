namespace EdgeCam.Edge.Diagnostics;

/// <summary>Checks the shared volume has at least a floor of free space.</summary>
public sealed class FreeDiskCheck : IDeviceCheck
{
    /// <summary>Below this much free space recording and buffering soon stop: 512 MiB.</summary>
    public const long DefaultFloorBytes = 512L * 1024 * 1024;

    private readonly string _path;
    private readonly long _floorBytes;

    public FreeDiskCheck(string path, long floorBytes = DefaultFloorBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(floorBytes);
        _path = path;
        _floorBytes = floorBytes;
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

        long free;
        try
        {
            free = new DriveInfo(_path).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(CheckResult.Fail(Name, $"cannot read the free space of {_path} ({ex.Message}); check the mount."));
        }

        return Task.FromResult(free < _floorBytes
            ? CheckResult.Fail(Name, $"only {Mib(free)} MiB free on {_path} (floor {Mib(_floorBytes)} MiB); delete old clips or give the volume more space.")
            : CheckResult.Ok(Name, $"{Mib(free)} MiB free on {_path}."));
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}

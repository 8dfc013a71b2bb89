namespace EdgeCam.SegmentRecorder.Retention;

/// <summary>Reads the free and total space of the volume retention works on: the seam tests drive without filling a disk.</summary>
public interface IFreeSpaceReader
{
    /// <summary>The space now, or null when the volume cannot be read (the floor is then skipped for this pass).</summary>
    VolumeSpace? Read();
}

/// <summary>Free and total bytes of a volume, as an unprivileged process may use them.</summary>
/// <param name="FreeBytes">Bytes available to this process (statvfs <c>f_bavail</c>: without the blocks reserved for root).</param>
/// <param name="TotalBytes">Size of the volume.</param>
public sealed record VolumeSpace(long FreeBytes, long TotalBytes);

/// <summary>Reads the space of the volume holding a directory with <see cref="DriveInfo"/> (statvfs on Linux).</summary>
public sealed class DriveFreeSpaceReader : IFreeSpaceReader
{
    private readonly string _path;

    public DriveFreeSpaceReader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <inheritdoc />
    public VolumeSpace? Read()
    {
        try
        {
            var drive = new DriveInfo(_path);
            return new VolumeSpace(drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

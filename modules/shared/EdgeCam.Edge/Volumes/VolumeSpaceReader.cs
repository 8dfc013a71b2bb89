namespace EdgeCam.Edge.Volumes;

/// <summary>
/// The space of the volume holding a directory, with statvfs semantics: free means <c>f_bavail</c>, what an
/// unprivileged process may still write, not <c>f_bfree</c>, which counts the blocks ext4 reserves for root (5 % by
/// default). The modules run as a non-root user, so f_bfree would promise space their writes never get. .NET's
/// <see cref="DriveInfo"/> calls statvfs on Linux and reports f_bavail as <see cref="DriveInfo.AvailableFreeSpace"/>.
/// The one reader of free space: SegmentRecorder's retention floor, CameraCapture's wait for room, doctor's disk check.
/// </summary>
public sealed class VolumeSpaceReader : IFreeSpaceReader
{
    /// <param name="path">A directory on the volume (the shared volume's root).</param>
    public VolumeSpaceReader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The directory whose volume is read.</summary>
    public string Path { get; }

    /// <summary>Why the last <see cref="Read"/> returned null (one line naming the path), or null after a good one.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc />
    public VolumeSpace? Read()
    {
        try
        {
            var drive = new DriveInfo(Path);
            var space = new VolumeSpace(drive.AvailableFreeSpace, drive.TotalSize);
            LastError = null;
            return space;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            LastError = $"cannot read the free space of {Path} ({ex.Message})";
            return null;
        }
    }
}

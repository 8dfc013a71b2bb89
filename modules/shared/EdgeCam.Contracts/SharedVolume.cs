namespace EdgeCam.Contracts;

/// <summary>
/// The layout of the volume the modules share (a host bind mount such as <c>/var/lib/edgecam</c>).
/// Messages name files by paths relative to its root, so every module can mount it anywhere.
/// </summary>
public sealed class SharedVolume
{
    public SharedVolume(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>Absolute path of the volume root.</summary>
    public string Root { get; }

    /// <summary>Where CameraCapture writes the segments of one camera, one sub-directory per capture session.</summary>
    public string SpoolDirectory(string cameraId) => Path.Combine(Root, "spool", CheckName(cameraId));

    /// <summary>The directory of one capture session of one camera.</summary>
    public string SessionDirectory(string cameraId, string sessionId) => Path.Combine(SpoolDirectory(cameraId), CheckName(sessionId));

    /// <summary>Where SegmentRecorder writes event clips.</summary>
    public string ClipsDirectory(string cameraId) => Path.Combine(Root, "clips", CheckName(cameraId));

    /// <summary>Where CameraCapture writes snapshots.</summary>
    public string SnapshotsDirectory(string cameraId) => Path.Combine(Root, "snapshots", CheckName(cameraId));

    /// <summary>Where CameraCapture keeps the time-lapse frames and videos of one camera (<c>&lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt;.jpg</c>, <c>&lt;yyyy-MM-dd&gt;.mp4</c>).</summary>
    public string TimelapseDirectory(string cameraId) => Path.Combine(Root, "timelapse", CheckName(cameraId));

    /// <summary>The Unix socket on which CameraCapture passes a camera's colour JPEGs to live viewers (the web console).</summary>
    public string LiveSocket(string cameraId) => Path.Combine(Root, "live", CheckName(cameraId) + ".sock");

    /// <summary>Where CameraCapture journals the motion events of one camera until their <c>motionEnded</c> was sent.</summary>
    public string CameraJournalDirectory(string cameraId) => Path.Combine(Root, "journal", "camera", CheckName(cameraId));

    /// <summary>BlobBuffer's private store.</summary>
    public string BufferDirectory => Path.Combine(Root, "buffer");

    /// <summary>Turns an absolute path under the root into the relative form used in messages.</summary>
    public string ToRelative(string absolutePath)
    {
        var full = Path.GetFullPath(absolutePath);
        var relative = Path.GetRelativePath(Root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{absolutePath}' is not under the shared volume '{Root}'.", nameof(absolutePath));
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Resolves a relative path from a message; refuses paths that leave the volume.</summary>
    public string Resolve(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        if (Path.IsPathRooted(relativePath))
        {
            throw new ArgumentException($"'{relativePath}' must be relative to the shared volume.", nameof(relativePath));
        }

        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' leaves the shared volume.", nameof(relativePath));
        }

        return full;
    }

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid camera or session name.", nameof(name));
        }

        return name;
    }
}

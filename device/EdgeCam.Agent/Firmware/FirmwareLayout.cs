namespace EdgeCam.Agent.Firmware;

/// <summary>
/// Where the agent's releases and its firmware state live on a device:
/// <code>
/// /opt/edgecam/                    install root (--firmware-root)
///   releases/&lt;version&gt;/           one directory per installed release (an unpacked package)
///   current -> releases/&lt;version&gt;  the release systemd starts, switched atomically (rename of a symlink)
///   bin/edgecam-firmware-guard     ExecStartPre: counts trial starts, rolls back (installed once, never by an update)
/// /var/lib/edgecam/firmware/       state, on the data volume (--data)
///   pending                        the release on trial: version, previous, sha256, healthTimeoutSeconds (key=value)
///   attempts                       starts of the release on trial so far (the guard counts)
///   unhealthy                      the release on trial gave up (one line why): the guard rolls back at the next start
///   outcome                        what the guard did (a rollback), for the old release to report
///   last                           the last update's result (state, version, sha256, message): not retried
///   downloads/                     packages while they are checked
/// </code>
/// The guard script (device/firmware/edgecam-firmware-guard.sh) reads and writes the same files.
/// </summary>
public sealed record FirmwareLayout(string InstallRoot, string StateDirectory)
{
    public string Releases => Path.Combine(InstallRoot, "releases");

    public string Current => Path.Combine(InstallRoot, "current");

    public string Pending => Path.Combine(StateDirectory, "pending");

    public string Attempts => Path.Combine(StateDirectory, "attempts");

    public string Unhealthy => Path.Combine(StateDirectory, "unhealthy");

    public string Outcome => Path.Combine(StateDirectory, "outcome");

    public string LastUpdate => Path.Combine(StateDirectory, "last");

    public string Downloads => Path.Combine(StateDirectory, "downloads");

    /// <summary>The layout for an install root and the agent's data directory (state in <c>&lt;data&gt;/firmware</c>).</summary>
    public static FirmwareLayout For(string installRoot, string dataDirectory) =>
        new(Path.GetFullPath(installRoot), Path.Combine(Path.GetFullPath(dataDirectory), "firmware"));

    /// <summary>The directory of release <paramref name="version"/>.</summary>
    public string ReleaseDirectory(string version) => Path.Combine(Releases, version);

    /// <summary>The version <c>current</c> points at (the name of its release directory), or null when it is not a link.</summary>
    public string? CurrentVersion()
    {
        var info = new FileInfo(Current);
        return info.LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
    }
}
